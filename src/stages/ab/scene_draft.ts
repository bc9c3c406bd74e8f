/**
 * `ab.scene_draft` (pipeline.md §8.3).
 */
import { requireOutput } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

export const sceneDraft: AppStageKind = {
  id: 'ab.scene_draft',
  doc: 'Draft one cinematic scene that shows the run token as visible text.',
  source: 'stages.ab.scene_draft',
  tags: ['ab'],
  io: { requires: ['ab_random_token'], provides: ['ab_scene_draft'], captures: ['ab_scene_draft'] },
  build({ instanceId }) {
    return chatStage({
      instanceId,
      temperature: 0.85,
      captureKey: 'ab_scene_draft',
      prompt: (ctx) =>
        [
          'Draft a scene description that will later become an image-generation prompt.',
          '',
          `Token: ${requireOutput(ctx, 'ab_random_token')}`,
          '',
          'Requirements:',
          '- Show the token verbatim as visible text inside the scene (a sign, a label, a screen, a ticket…).',
          '- Describe one coherent cinematic moment, not a montage.',
          '- Be concrete and visual: subject, setting, action, light, mood and framing.',
          '- Avoid clichés and generic phrasing.',
          '',
          'Return only the scene, in 4–6 sentences, without headings or bullets.',
        ].join('\n'),
    });
  },
};
