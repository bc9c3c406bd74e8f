/** `blackbox.image_prompt_refine` (pipeline.md §8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { finalPromptStage, refinePrompt } from './final-prompt.js';

export const imagePromptRefineStage: AppStageKind = {
  id: 'blackbox.image_prompt_refine',
  doc: 'Silently refine the draft image prompt: Loves near-mandatory, Hates excluded, sharper specifics.',
  io: { requires: ['selected_idea_card', 'blackbox_draft_image_prompt'] },
  build(input) {
    return finalPromptStage(input, { temperature: 0.4, prompt: refinePrompt, merge: 'last_response' });
  },
};
