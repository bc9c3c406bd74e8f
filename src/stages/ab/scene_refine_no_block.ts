/**
 * `ab.scene_refine_no_block` (pipeline.md §8.3): a minimal refinement.
 */
import type { AppStageKind } from '../../plans/types.js';
import { sceneRefineStage } from './scene_refine_common.js';

export const sceneRefineNoBlock: AppStageKind = {
  id: 'ab.scene_refine_no_block',
  doc: 'Refine the scene draft lightly, keeping the token (no refinement checklist).',
  source: 'stages.ab.scene_refine_no_block',
  tags: ['ab'],
  io: { requires: ['ab_random_token', 'ab_scene_draft'], provides: ['ab_scene_refined'], captures: ['ab_scene_refined'] },
  build({ instanceId }) {
    return sceneRefineStage(instanceId, {
      instructions: (token) => [
        'Refine the scene below slightly: make it clearer and more vivid without changing what happens.',
        `Keep the token ${token} verbatim as visible text in the scene.`,
      ],
      closing: 'Return only the refined scene.',
    });
  },
};
