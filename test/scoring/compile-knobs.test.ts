import { describe, expect, it } from 'vitest';
import { compileRunPipeline } from '../../src/plans/index.js';
import { configWith } from './harness.js';

const P = 'prompt.stage_configs.resolved.blackbox_refine.loop';
const J = [{ id: 'j1' }, { id: 'j2', rubric: 'strict' }];

function compileLoop(loop: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const cfg = configWith({ prompt: { stage_configs: { defaults: { 'blackbox_refine.loop': loop, ...extra } } } });
  return compileRunPipeline(cfg);
}

function compileError(loop: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  try {
    compileLoop(loop, extra);
  } catch (err) {
    expect((err as { type?: string }).type).toBe('CompileError');
    return (err as Error).message;
  }
  throw new Error('expected a CompileError');
}

describe('blackbox_refine.loop knobs', () => {
  it('records every loop knob (defaults included) in stage_configs_effective', () => {
    const eff = compileRunPipeline(configWith()).metadata.stage_configs_effective!['blackbox_refine.loop'] as Record<string, any>;
    expect(Object.keys(eff).sort()).toEqual(
      [
        'seed_source', 'iterations', 'algorithm', 'beam_width', 'branching_factor', 'include_parents_as_candidates',
        'generator_model', 'generator_temperature', 'max_prompt_chars', 'variation_prompt', 'mutation_directives',
        'judging', 'selection', 'judge_model', 'judge_temperature', 'judge_profile_source', 'exploration_rate', 'novelty',
      ].sort(),
    );
    expect(Object.keys(eff.variation_prompt)).toHaveLength(10);
    expect(Object.keys(eff.selection).sort()).toEqual(['exploration_rate_override', 'group_by_beam', 'tie_breaker']);
    expect(Object.keys(eff.judging).sort()).toEqual(['aggregation', 'judges', 'trimmed_mean_drop']);
    expect(Object.keys(eff.judging.judges[0]).sort()).toEqual(['id', 'model', 'rubric', 'temperature', 'weight']);
    expect(Object.keys(eff.novelty)).toHaveLength(11);
    expect(eff).toMatchObject({ iterations: 3, algorithm: 'hillclimb', max_prompt_chars: 1500, exploration_rate: 0.15 });
  });

  it('max_prompt_chars: null means no truncation', () => {
    const eff = compileLoop({ max_prompt_chars: null }).metadata.stage_configs_effective!['blackbox_refine.loop'] as Record<string, unknown>;
    expect(eff.max_prompt_chars).toBeNull();
  });

  it.each([
    [{ algorithm: 'beam', beam_width: 1 }, `${P}.beam_width must be >= 2 when algorithm=beam (got 1)`],
    [{ algorithm: 'beam', beam_width: 5, branching_factor: 3 }, `${P}.beam_width must be <= candidates per iteration (beam_width=5 candidates=4)`],
    [{ judging: { judges: [] } }, `${P}.judging.judges cannot be empty`],
    [{ judging: { judges: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] } }, `${P}.judging.judges contains duplicate ids: a`],
    [{ judging: { judges: J, aggregation: 'trimmed_mean', trimmed_mean_drop: 1 } }, `${P}.judging.trimmed_mean_drop is too large for judge count (drop=1 judges=2)`],
    [{ judging: { judges: [{ id: 'a', rubric: 'lenient' }] } }, `${P}.judging.judges[0].rubric must be one of: default, novelty_heavy, strict (got 'lenient')`],
    [{ judging: { judges: [{ id: 'a', colour: 'red' }] } }, `Unknown config keys under ${P}.judging.judges[0]: colour`],
    [{ iterations: 0 }, `${P}.iterations must be >= 1 (got 0)`],
    [{ variation_prompt: { template: 'v3' } }, `${P}.variation_prompt.template must be one of: v1, v2 (got 'v3')`],
    [{ selection: { tie_breaker: 'random' } }, `${P}.selection.tie_breaker must be one of: prefer_novel, prefer_shorter, stable_id (got 'random')`],
    [{ novelty: { scaling: 'log' } }, `${P}.novelty.scaling must be one of: linear, quadratic, sqrt (got 'log')`],
    [{ bogus: 1 }, `Unknown config keys under ${P}: bogus`],
  ])('rejects %j', (loop, message) => {
    expect(compileError(loop)).toContain(message);
  });

  it('checks the other blackbox stage knobs', () => {
    expect(compileError({}, { 'blackbox.generator_profile_hints': { mode: 'file' } })).toContain(
      'blackbox.generator_profile_hints.mode=file requires hints_path',
    );
    expect(compileError({}, { 'blackbox.select_idea_card': { exploration_rate: 1.5 } })).toContain(
      'prompt.stage_configs.resolved.blackbox.select_idea_card.exploration_rate must be <= 1 (got 1.5)',
    );
    expect(compileError({}, { 'blackbox.generate_idea_cards': { idea_profile_source: 'likes' } })).toContain(
      "idea_profile_source must be one of: generator_hints, generator_hints_plus_dislikes, none, raw (got 'likes')",
    );
  });

  it('the loop instance id must be the kind id; idea_card_generate needs .<ID>', () => {
    const custom = (sequence: unknown[]) =>
      compileRunPipeline(configWith({ prompt: { plan: 'custom', stages: { sequence }, refine_only: { draft: 'a kite' } } }), {
        planInputs: { draftPrompt: 'a kite' },
      });
    expect(() => custom(['blackbox_refine.seed_from_draft', { stage: 'blackbox_refine.loop', name: 'my_loop' }])).toThrow(
      'blackbox_refine.loop does not support custom instance ids: my_loop',
    );
    expect(() => custom(['preprompt.select_concepts', { stage: 'blackbox.idea_card_generate', name: 'card_one' }])).toThrow(
      'blackbox.idea_card_generate requires instance_id of the form: blackbox.idea_card_generate.<idea_id>',
    );
    const ok = custom([
      'preprompt.select_concepts',
      { stage: 'blackbox.idea_card_generate', name: 'blackbox.idea_card_generate.A' },
      { stage: 'blackbox.idea_card_generate', name: 'blackbox.idea_card_generate.B' },
      'blackbox.idea_cards_assemble',
      'blackbox.idea_cards_judge_score',
      'blackbox.select_idea_card',
      'blackbox.image_prompt_draft',
      'blackbox.image_prompt_refine',
    ]);
    expect(ok.metadata.capture_stage).toBe('blackbox.image_prompt_refine');
    expect((ok.metadata.stage_configs_effective as any)?.['blackbox.idea_card_generate.B']).toMatchObject({ idea_id: 'B', idea_ordinal: 2 });
  });

  it('blackbox_refine_only without a draft is a compile error naming the plan', () => {
    const cfg = configWith({ prompt: { plan: 'blackbox_refine_only' } });
    expect(() => compileRunPipeline(cfg, { planInputs: { draftPrompt: null } })).toThrow(
      'prompt.plan=blackbox_refine_only requires prompt.refine_only.draft or draft_path',
    );
  });
});
