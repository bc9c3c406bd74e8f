/** `blackbox.image_prompt_draft` (pipeline.md §8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { draftPrompt, readFinalPromptKnobs } from './final-prompt.js';

export const imagePromptDraftStage: AppStageKind = {
  id: 'blackbox.image_prompt_draft',
  doc: 'Compact draft image prompt from the selected idea card, kept for refinement.',
  io: { requires: ['selected_idea_card'], provides: ['blackbox_draft_image_prompt'], captures: ['blackbox_draft_image_prompt'] },
  build({ instanceId, knobs, cfg }) {
    const k = readFinalPromptKnobs(knobs, 0.8);
    const parts = { stageId: instanceId, knobs: k, cfg };
    return chatStage({
      instanceId,
      merge: 'none',
      prompt: (ctx) => draftPrompt(ctx, parts),
      temperature: k.temperature,
      captureKey: 'blackbox_draft_image_prompt',
    });
  },
};
