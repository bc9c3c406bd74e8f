/** The scoring plans of the catalog (pipeline.md §10): blackbox, blackbox_refine, blackbox_refine_only. */
import type { PlanDef } from './types.js';

const CONCEPTS = ['preprompt.select_concepts', 'preprompt.filter_concepts'];
const BB = ['blackbox.prepare', 'blackbox.generator_profile_hints'];
const CARDS = ['blackbox.generate_idea_cards', 'blackbox.idea_cards_judge_score', 'blackbox.select_idea_card'];
const POST = ['postprompt.profile_nudge', 'postprompt.openai_format'];

export const blackboxPlans: PlanDef[] = [
  {
    name: 'blackbox',
    intent: 'Idea cards scored by a judge (novelty-penalised, epsilon-greedy pick), then the final prompt from the chosen card.',
    stages: [...CONCEPTS, ...BB, ...CARDS, 'blackbox.image_prompt_creation'],
    requiresScoring: true,
  },
  {
    name: 'blackbox_refine',
    intent: 'Blackbox idea cards, a seed prompt from the chosen card, a judged refine loop, then profile nudge and GPT-image formatting.',
    stages: [...CONCEPTS, ...BB, ...CARDS, 'blackbox_refine.seed_prompt', 'blackbox_refine.loop', ...POST],
    requiresScoring: true,
  },
  {
    name: 'blackbox_refine_only',
    intent: 'Judged refine loop seeded with a given draft prompt, then profile nudge and GPT-image formatting.',
    stages: [...CONCEPTS, ...BB, 'blackbox_refine.seed_from_draft', 'blackbox_refine.loop', ...POST],
    requiredInputs: ['draft_prompt'],
    requiresScoring: true,
  },
];
