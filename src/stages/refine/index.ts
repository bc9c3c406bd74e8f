import type { AppStageKind } from '../../plans/types.js';
import { imagePromptRefine } from './image_prompt_refine.js';
import { totEnclave } from './tot_enclave.js';

export const refineStages: AppStageKind[] = [imagePromptRefine, totEnclave];
