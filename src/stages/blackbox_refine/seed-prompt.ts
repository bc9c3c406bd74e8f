/** `blackbox_refine.seed_prompt`: the first image prompt from the selected idea card, seeding the loop (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { creationPrompt, finalPromptStage } from '../blackbox/final-prompt.js';
import { SEED_KEY } from './loop-state.js';

export const seedPromptStage: AppStageKind = {
  id: 'blackbox_refine.seed_prompt',
  doc: 'Seed prompt for the refine loop, written from the selected idea card.',
  io: { requires: ['selected_idea_card'], provides: [SEED_KEY], captures: [SEED_KEY] },
  build(input) {
    return finalPromptStage(input, { temperature: 0.8, prompt: creationPrompt, merge: 'none', captureKey: SEED_KEY });
  },
};
