/** `blackbox.image_prompt_creation` (pipeline.md §8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { creationPrompt, readFinalPromptKnobs } from './final-prompt.js';

export const imagePromptCreationStage: AppStageKind = {
  id: 'blackbox.image_prompt_creation',
  doc: 'Final image prompt from the selected idea card.',
  io: { requires: ['selected_idea_card'] },
  build({ instanceId, knobs, cfg }) {
    const k = readFinalPromptKnobs(knobs, 0.8);
    const parts = { stageId: instanceId, knobs: k, cfg };
    return chatStage({
      instanceId,
      merge: 'last_response',
      prompt: (ctx) => creationPrompt(ctx, parts),
      temperature: k.temperature,
    });
  },
};
