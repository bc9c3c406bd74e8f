import type { AppStageKind } from '../../plans/types.js';
import { directImagePromptCreation } from './image_prompt_creation.js';

export const directStages: AppStageKind[] = [directImagePromptCreation];
