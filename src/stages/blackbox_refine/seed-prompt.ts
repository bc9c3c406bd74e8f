/** `blackbox_refine.seed_prompt`: the first image prompt from the selected idea card, seeding the loop (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { creationPrompt, readFinalPromptKnobs } from '../blackbox/final-prompt.js';
import { SEED_KEY } from './loop-state.js';

export const seedPromptStage: AppStageKind = {
  id: 'blackbox_refine.seed_prompt',
  doc: 'Seed prompt for the refine loop, written from the selected idea card.',
  io: { requires: ['selected_idea_card'], provides: [SEED_KEY], captures: [SEED_KEY] },
  build({ instanceId, knobs, cfg }) {
    const k = readFinalPromptKnobs(knobs, 0.8);
    const parts = { stageId: instanceId, knobs: k, cfg };
    return chatStage({
      instanceId,
      merge: 'none',
      prompt: (ctx) => creationPrompt(ctx, parts),
      temperature: k.temperature,
      captureKey: SEED_KEY,
    });
  },
};
