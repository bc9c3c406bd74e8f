/** `blackbox.image_prompt_draft` (pipeline.md §8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { draftPrompt, finalPromptStage } from './final-prompt.js';

export const imagePromptDraftStage: AppStageKind = {
  id: 'blackbox.image_prompt_draft',
  doc: 'Compact draft image prompt from the selected idea card, kept for refinement.',
  io: { requires: ['selected_idea_card'], provides: ['blackbox_draft_image_prompt'], captures: ['blackbox_draft_image_prompt'] },
  build(input) {
    return finalPromptStage(input, {
      temperature: 0.8,
      prompt: draftPrompt,
      merge: 'none',
      captureKey: 'blackbox_draft_image_prompt',
    });
  },
};
