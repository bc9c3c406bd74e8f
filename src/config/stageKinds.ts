/**
 * Stage kind ids of the catalog (pipeline.md §8.1). The config layer only needs them to normalise
 * `prompt.stage_configs.defaults` keys of a file to kind ids before layering (config.md §1); the compiler
 * resolves against its registry again and reports unknown kinds.
 */
export const STAGE_KIND_IDS: readonly string[] = [
  'preprompt.select_concepts',
  'preprompt.filter_concepts',
  'blackbox.prepare',
  'blackbox.generator_profile_hints',
  'blackbox.profile_abstraction',
  'blackbox.profile_hints_load',
  'blackbox.generate_idea_cards',
  'blackbox.idea_card_generate',
  'blackbox.idea_cards_assemble',
  'blackbox.idea_cards_generate',
  'blackbox.idea_cards_judge_score',
  'blackbox.select_idea_card',
  'blackbox.image_prompt_creation',
  'blackbox.image_prompt_draft',
  'blackbox.image_prompt_refine',
  'blackbox.image_prompt_openai',
  'blackbox_refine.seed_prompt',
  'blackbox_refine.seed_from_draft',
  'blackbox_refine.loop',
  'direct.image_prompt_creation',
  'postprompt.profile_nudge',
  'postprompt.openai_format',
  'refine.image_prompt_refine',
  'refine.tot_enclave',
  'standard.initial_prompt',
  'standard.initial_prompt_freeform',
  'standard.section_2_choice',
  'standard.section_2b_title_and_story',
  'standard.section_3_message_focus',
  'standard.section_4_concise_description',
  'standard.image_prompt_creation',
  'ab.random_token',
  'ab.scene_draft',
  'ab.scene_refine_no_block',
  'ab.scene_refine_with_block',
  'ab.scene_spec_json',
  'ab.final_prompt_format',
  'ab.final_prompt_format_from_scenespec',
];

/**
 * The kind id a `defaults` key selects (pipeline.md §7.2): an exact id, or a dot-free suffix matching exactly
 * one id. Anything else (unknown, ambiguous, dotted non-id) → null (left for the compiler to report).
 */
const catalogSelections = new Map<string, string | null>();

export function resolveKindSelector(key: string, kinds: readonly string[] = STAGE_KIND_IDS): string | null {
  if (kinds !== STAGE_KIND_IDS) return resolveSelector(key, kinds);
  // every planned run's config is normalised: remember the answers for the catalog's ids
  let hit = catalogSelections.get(key);
  if (hit === undefined) {
    hit = resolveSelector(key, kinds);
    if (catalogSelections.size < 1024) catalogSelections.set(key, hit);
  }
  return hit;
}

function resolveSelector(key: string, kinds: readonly string[]): string | null {
  const sel = key.trim();
  if (kinds.includes(sel)) return sel;
  if (!sel || sel.includes('.')) return null;
  const matches = kinds.filter((id) => id.endsWith(`.${sel}`));
  return matches.length === 1 ? matches[0]! : null;
}
