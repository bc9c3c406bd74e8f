/**
 * `ab.scene_refine_no_block` (pipeline.md §8.3): a minimal refinement.
 */
import { requireOutput } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

export const sceneRefineNoBlock: AppStageKind = {
  id: 'ab.scene_refine_no_block',
  doc: 'Refine the scene draft lightly, keeping the token (no refinement checklist).',
  source: 'stages.ab.scene_refine_no_block',
  tags: ['ab'],
  io: { requires: ['ab_random_token', 'ab_scene_draft'], provides: ['ab_scene_refined'], captures: ['ab_scene_refined'] },
  build({ instanceId }) {
    return chatStage({
      instanceId,
      temperature: 0.75,
      captureKey: 'ab_scene_refined',
      prompt: (ctx) =>
        [
          'Refine the scene below slightly: make it clearer and more vivid without changing what happens.',
          `Keep the token ${requireOutput(ctx, 'ab_random_token')} verbatim as visible text in the scene.`,
          '',
          'Scene:',
          requireOutput(ctx, 'ab_scene_draft'),
          '',
          'Return only the refined scene.',
        ].join('\n'),
    });
  },
};
