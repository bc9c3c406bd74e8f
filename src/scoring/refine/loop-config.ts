/** Resolved knobs of `blackbox_refine.loop` (pipeline.md §11.5) and their `config_snapshot`. */
import type { NoveltyConfig } from '../novelty.js';

export type RefineAlgorithm = 'hillclimb' | 'beam';
export type Rubric = 'default' | 'strict' | 'novelty_heavy';
export type Aggregation = 'mean' | 'median' | 'min' | 'max' | 'trimmed_mean';
export type TieBreaker = 'stable_id' | 'prefer_shorter' | 'prefer_novel';
export type MutationMode = 'none' | 'random' | 'cycle' | 'fixed';
export type LoopProfileSource = 'raw' | 'generator_hints' | 'likes_dislikes' | 'dislikes_only' | 'combined';
export type JudgeProfileSource = 'raw' | 'generator_hints' | 'generator_hints_plus_dislikes';

export interface JudgeConfig {
  id: string;
  rubric: Rubric;
  weight: number;
  model: string | null;
  temperature: number | null;
}

export interface VariationPromptConfig {
  template: 'v1' | 'v2';
  include_concepts: boolean;
  include_context_guidance: boolean;
  include_profile: boolean;
  profile_source: LoopProfileSource;
  include_novelty_summary: boolean;
  include_mutation_directive: boolean;
  include_scoring_rubric: boolean;
  score_feedback: 'none' | 'best_worst';
  score_feedback_max_chars: number;
}

export interface LoopConfig {
  seed_source: string | null;
  algorithm: RefineAlgorithm;
  iterations: number;
  beam_width: number;
  branching_factor: number;
  include_parents_as_candidates: boolean;
  generator_model: string | null;
  generator_temperature: number;
  max_prompt_chars: number | null;
  variation_prompt: VariationPromptConfig;
  mutation_directives: { mode: MutationMode; directives: string[] };
  judging: { judges: JudgeConfig[]; aggregation: Aggregation; trimmed_mean_drop: number };
  selection: { exploration_rate_override: number | null; group_by_beam: boolean; tie_breaker: TieBreaker };
  judge_model: string | null;
  judge_temperature: number;
  judge_profile_source: JudgeProfileSource;
  exploration_rate: number;
  novelty: NoveltyConfig;
}

/** The ten variation_prompt knobs in §11.5 order. */
export function variationPromptSnapshot(v: VariationPromptConfig): VariationPromptConfig {
  return {
    template: v.template,
    include_concepts: v.include_concepts,
    include_context_guidance: v.include_context_guidance,
    include_profile: v.include_profile,
    profile_source: v.profile_source,
    include_novelty_summary: v.include_novelty_summary,
    include_mutation_directive: v.include_mutation_directive,
    include_scoring_rubric: v.include_scoring_rubric,
    score_feedback: v.score_feedback,
    score_feedback_max_chars: v.score_feedback_max_chars,
  };
}

/** `config_snapshot`: every resolved knob except `seed_source`, in the spec's order. */
export function configSnapshot(c: LoopConfig): Record<string, unknown> {
  return {
    algorithm: c.algorithm,
    iterations: c.iterations,
    beam_width: c.beam_width,
    branching_factor: c.branching_factor,
    include_parents_as_candidates: c.include_parents_as_candidates,
    generator_model: c.generator_model,
    generator_temperature: c.generator_temperature,
    max_prompt_chars: c.max_prompt_chars,
    variation_prompt: variationPromptSnapshot(c.variation_prompt),
    mutation_directives: { mode: c.mutation_directives.mode, directives: [...c.mutation_directives.directives] },
    judging: {
      judges: c.judging.judges.map((j) => ({
        id: j.id,
        rubric: j.rubric,
        weight: j.weight,
        model: j.model,
        temperature: j.temperature,
      })),
      aggregation: c.judging.aggregation,
      trimmed_mean_drop: c.judging.trimmed_mean_drop,
    },
    selection: {
      exploration_rate_override: c.selection.exploration_rate_override,
      group_by_beam: c.selection.group_by_beam,
      tie_breaker: c.selection.tie_breaker,
    },
    judge_model: c.judge_model,
    judge_temperature: c.judge_temperature,
    judge_profile_source: c.judge_profile_source,
    exploration_rate: c.exploration_rate,
    novelty: {
      enabled: c.novelty.enabled,
      window: c.novelty.window,
      method: c.novelty.method,
      df_min: c.novelty.df_min,
      max_motifs: c.novelty.max_motifs,
      min_token_len: c.novelty.min_token_len,
      stopwords_extra: [...c.novelty.stopwords_extra],
      max_penalty: c.novelty.max_penalty,
      df_cap: c.novelty.df_cap,
      alpha_only: c.novelty.alpha_only,
      scaling: c.novelty.scaling,
    },
  };
}
