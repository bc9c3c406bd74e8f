/** `blackbox.image_prompt_refine` (pipeline.md §8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { refinePrompt, readFinalPromptKnobs } from './final-prompt.js';

export const imagePromptRefineStage: AppStageKind = {
  id: 'blackbox.image_prompt_refine',
  doc: 'Silently refine the draft image prompt: Loves near-mandatory, Hates excluded, sharper specifics.',
  io: { requires: ['selected_idea_card', 'blackbox_draft_image_prompt'] },
  build({ instanceId, knobs, cfg }) {
    const k = readFinalPromptKnobs(knobs, 0.4);
    const parts = { stageId: instanceId, knobs: k, cfg };
    return chatStage({
      instanceId,
      merge: 'last_response',
      prompt: (ctx) => refinePrompt(ctx, parts),
      temperature: k.temperature,
    });
  },
};
