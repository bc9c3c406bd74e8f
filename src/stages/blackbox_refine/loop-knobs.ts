/** Reading and checking the `blackbox_refine.loop` knobs (pipeline.md §11.5). */
import type { KnobReader } from '../../pipeline/knobs.js';
import type { JudgeConfig, LoopConfig, VariationPromptConfig } from '../../scoring/refine/loop-config.js';
import { candidatesPerIteration } from '../../scoring/refine/candidates.js';
import { readNoveltyKnobs } from '../blackbox/novelty-knobs.js';
import { JUDGE_PROFILE_SOURCES, readTemperature } from '../blackbox/knob-helpers.js';

function readVariationPrompt(knobs: KnobReader): VariationPromptConfig {
  const v = knobs.mapping('variation_prompt');
  return {
    template: v.enum('template', ['v1', 'v2'] as const, 'v1'),
    include_concepts: v.bool('include_concepts', true),
    include_context_guidance: v.bool('include_context_guidance', false),
    include_profile: v.bool('include_profile', true),
    profile_source: v.enum(
      'profile_source',
      ['raw', 'generator_hints', 'likes_dislikes', 'dislikes_only', 'combined'] as const,
      'likes_dislikes',
    ),
    include_novelty_summary: v.bool('include_novelty_summary', true),
    include_mutation_directive: v.bool('include_mutation_directive', true),
    include_scoring_rubric: v.bool('include_scoring_rubric', true),
    score_feedback: v.enum('score_feedback', ['none', 'best_worst'] as const, 'best_worst'),
    score_feedback_max_chars: v.int('score_feedback_max_chars', { default: 900, min: 0 }),
  };
}

function readJudges(judging: KnobReader): JudgeConfig[] {
  const items = judging.mappingList('judges');
  if (items.length === 0) throw new Error(`${judging.keyPath('judges')} cannot be empty`);
  const judges = items.map((j) => ({
    id: j.str('id'),
    rubric: j.enum('rubric', ['default', 'strict', 'novelty_heavy'] as const, 'default'),
    weight: j.float('weight', { default: 1.0, min: 0 }),
    model: j.strOrNull('model', { default: null }),
    temperature: j.floatOrNull('temperature', { default: null, min: 0, max: 2 }),
  }));
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const j of judges) (seen.has(j.id) ? dupes : seen).add(j.id);
  if (dupes.size > 0) {
    throw new Error(`${judging.keyPath('judges')} contains duplicate ids: ${[...dupes].sort().join(', ')}`);
  }
  return judges;
}

export function readLoopKnobs(knobs: KnobReader): LoopConfig {
  const p = knobs.path;
  const seedSource = knobs.strOrNull('seed_source', { default: null });
  const iterations = knobs.int('iterations', { default: 3, min: 1 });
  const algorithm = knobs.enum('algorithm', ['hillclimb', 'beam'] as const, 'hillclimb');
  const beamWidth = knobs.int('beam_width', { default: 3, min: 1 });
  if (algorithm === 'beam' && beamWidth < 2) {
    throw new Error(`${p}.beam_width must be >= 2 when algorithm=beam (got ${beamWidth})`);
  }
  const branching = knobs.int('branching_factor', { default: 6, min: 1 });
  const includeParents = knobs.bool('include_parents_as_candidates', true);
  const candidates = candidatesPerIteration(branching, includeParents);
  if (algorithm === 'beam' && beamWidth > candidates) {
    throw new Error(`${p}.beam_width must be <= candidates per iteration (beam_width=${beamWidth} candidates=${candidates})`);
  }
  const generatorModel = knobs.strOrNull('generator_model', { default: null });
  const generatorTemperature = readTemperature(knobs, 'generator_temperature', 0.9);
  const maxPromptChars = knobs.intOrNull('max_prompt_chars', { default: 3500, min: 1, nullMeaningful: true });
  const variationPrompt = readVariationPrompt(knobs);
  const mutation = knobs.mapping('mutation_directives');
  const mutationDirectives = {
    mode: mutation.enum('mode', ['none', 'random', 'cycle', 'fixed'] as const, 'random'),
    directives: mutation.strList('directives', { default: [] }),
  };
  const judging = knobs.mapping('judging');
  const judges = readJudges(judging);
  const aggregation = judging.enum('aggregation', ['mean', 'median', 'min', 'max', 'trimmed_mean'] as const, 'mean');
  const drop = judging.int('trimmed_mean_drop', { default: 0, min: 0 });
  if (aggregation === 'trimmed_mean' && 2 * drop >= judges.length) {
    throw new Error(`${p}.judging.trimmed_mean_drop is too large for judge count (drop=${drop} judges=${judges.length})`);
  }
  const selection = knobs.mapping('selection');
  return {
    seed_source: seedSource,
    algorithm,
    iterations,
    beam_width: beamWidth,
    branching_factor: branching,
    include_parents_as_candidates: includeParents,
    generator_model: generatorModel,
    generator_temperature: generatorTemperature,
    max_prompt_chars: maxPromptChars,
    variation_prompt: variationPrompt,
    mutation_directives: mutationDirectives,
    judging: { judges, aggregation, trimmed_mean_drop: drop },
    selection: {
      exploration_rate_override: selection.floatOrNull('exploration_rate_override', { default: null, min: 0, max: 1 }),
      group_by_beam: selection.bool('group_by_beam', false),
      tie_breaker: selection.enum('tie_breaker', ['stable_id', 'prefer_shorter', 'prefer_novel'] as const, 'stable_id'),
    },
    judge_model: knobs.strOrNull('judge_model', { default: null }),
    judge_temperature: readTemperature(knobs, 'judge_temperature', 0.0),
    judge_profile_source: knobs.enum('judge_profile_source', JUDGE_PROFILE_SOURCES, 'raw'),
    exploration_rate: knobs.float('exploration_rate', { default: 0.15, min: 0, max: 1 }),
    novelty: readNoveltyKnobs(knobs),
  };
}
