/** The `blackbox_refine` stage family (pipeline.md §8, §11.5): seed stages and the refine loop. */
import type { AppStageKind } from '../../plans/types.js';
import { seedPromptStage } from './seed-prompt.js';
import { seedFromDraftStage } from './seed-from-draft.js';
import { loopStage } from './loop.js';

export const blackboxRefineStages: AppStageKind[] = [seedPromptStage, seedFromDraftStage, loopStage];
export default blackboxRefineStages;
