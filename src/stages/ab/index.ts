import type { AppStageKind } from '../../plans/types.js';
import { finalPromptFormatStage } from './final_prompt_format.js';
import { finalPromptFormatFromSceneSpec } from './final_prompt_format_from_scenespec.js';
import { randomToken } from './random_token.js';
import { sceneDraft } from './scene_draft.js';
import { sceneRefineNoBlock } from './scene_refine_no_block.js';
import { sceneRefineWithBlock } from './scene_refine_with_block.js';
import { sceneSpecJson } from './scene_spec_json.js';

export { abRandomToken } from './token.js';

export const abStages: AppStageKind[] = [
  randomToken,
  sceneDraft,
  sceneRefineNoBlock,
  sceneRefineWithBlock,
  sceneSpecJson,
  finalPromptFormatStage,
  finalPromptFormatFromSceneSpec,
];
