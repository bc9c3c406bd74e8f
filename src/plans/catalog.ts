/**
 * The plan catalog (pipeline.md §10). Another family adds its plans with ONE spread line in
 * PLAN_CATALOG (e.g. `...blackboxPlans` from `./blackbox.js`).
 */
import type { PlanDef } from './types.js';
import { blackboxPlans } from './blackbox.js';

const SC = 'preprompt.select_concepts';
const FC = 'preprompt.filter_concepts';
export const POST = ['postprompt.profile_nudge', 'postprompt.openai_format'];
export const STD = [
  'standard.initial_prompt',
  'standard.section_2_choice',
  'standard.section_2b_title_and_story',
  'standard.section_3_message_focus',
  'standard.section_4_concise_description',
  'standard.image_prompt_creation',
];
export const CONCEPTS = [SC, FC];

export const corePlans: PlanDef[] = [
  {
    name: 'standard',
    intent: 'Multi-turn enclave conversation from concepts to a final prompt, refined by the ToT critic enclave.',
    stages: [...CONCEPTS, ...STD, 'refine.tot_enclave'],
    requiresScoring: false,
  },
  {
    name: 'baseline',
    intent: 'Concepts and the enclave\'s first answer only (a minimal baseline).',
    stages: [...CONCEPTS, 'standard.initial_prompt'],
  },
  {
    name: 'simple',
    intent: 'Concepts, the enclave\'s themes, then the final GPT-image prompt.',
    stages: [...CONCEPTS, 'standard.initial_prompt', 'standard.image_prompt_creation'],
  },
  {
    name: 'simple_no_concepts',
    intent: 'Themes from the preferences alone (no concepts), then the final GPT-image prompt.',
    stages: ['standard.initial_prompt_freeform', 'standard.image_prompt_creation'],
  },
  {
    name: 'direct',
    intent: 'One-shot prompt from concepts and profile, then profile nudge and GPT-image formatting.',
    stages: [...CONCEPTS, 'direct.image_prompt_creation', ...POST],
  },
  {
    name: 'refine_only',
    intent: 'Refine a given draft prompt (prompt.refine_only.draft or draft_path) into a GPT-image prompt.',
    stages: ['refine.image_prompt_refine'],
    requiredInputs: ['draft_prompt'],
    requiresScoring: false,
  },
  {
    name: 'profile_only',
    intent: 'As standard, without context injection (profile and concepts only).',
    stages: [...CONCEPTS, ...STD, 'refine.tot_enclave'],
    contextInjection: 'disabled',
  },
  {
    name: 'profile_only_simple',
    intent: 'As simple, without context injection (profile and concepts only).',
    stages: [...CONCEPTS, 'standard.initial_prompt', 'standard.image_prompt_creation'],
    contextInjection: 'disabled',
  },
  {
    name: 'custom',
    intent: 'The stage list given in prompt.stages.sequence (named instances allowed).',
    stages: [],
  },
];

export const PLAN_CATALOG: readonly PlanDef[] = [...corePlans, ...blackboxPlans];
