/**
 * `direct.image_prompt_creation` (pipeline.md §8.3): one-shot final prompt from the concepts and
 * the raw profile only.
 */
import { bulletList, orNone, runPreferences } from '../../inputs/promptBlocks.js';
import type { AppStageKind } from '../../plans/types.js';
import { conceptsChatStage } from '../shared/concepts-stage.js';

export const directImagePromptCreation: AppStageKind = {
  id: 'direct.image_prompt_creation',
  doc: 'Write the final image prompt in one shot from the selected concepts and the raw profile.',
  source: 'stages.direct.image_prompt_creation',
  tags: ['direct'],
  io: { requires: ['selected_concepts'], provides: [], captures: [] },
  build({ instanceId, cfg }) {
    return conceptsChatStage({
      stageId: 'direct.image_prompt_creation',
      instanceId,
      temperature: 0.8,
      prompt: (ctx, concepts) =>
        [
          'Write one image-generation prompt that fuses the concepts below into a single, specific, renderable scene.',
          `The image will be rendered at ${cfg.providers.image.size}.`,
          '',
          'Concepts (use all of them):',
          bulletList(concepts),
          '',
          'Profile of the audience (respect it; never paste its wording):',
          orNone(runPreferences(ctx)),
          '',
          'Rules:',
          '- Be concrete: subject, action, setting, light, framing, medium and palette.',
          '- Avoid clichés and generic adjectives.',
          '- Treat dislikes as things to leave out, never as things to "fix" with a positive qualifier.',
          '- Return only the prompt, with no title, quotes or commentary.',
        ].join('\n'),
    });
  },
};
