/** `blackbox.image_prompt_creation` (pipeline.md §8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { creationPrompt, finalPromptStage } from './final-prompt.js';

export const imagePromptCreationStage: AppStageKind = {
  id: 'blackbox.image_prompt_creation',
  doc: 'Final image prompt from the selected idea card.',
  io: { requires: ['selected_idea_card'] },
  build(input) {
    return finalPromptStage(input, { temperature: 0.8, prompt: creationPrompt, merge: 'last_response' });
  },
};
