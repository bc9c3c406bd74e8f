import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinConfigDict, packageDataPath } from '../../src/config/index.js';
import { abRandomToken, loadCategories, mergeConfig, selectRandomConcepts, stream } from '../../src/experiments/helpers.js';
import { standardOverrides } from '../../src/experiments/overrides.js';
import { validatePlan } from '../../src/experiments/plan-validation.js';
import { builtinPlugins } from '../../src/experiments/registry.js';
import { checkFinalPrompt, checkSceneSpec } from '../../src/experiments/plugins/scenespec-checks.js';
import { pairsWithErrors, ResultsStore } from '../../src/experiments/results.js';
import type { BuildPlanContext, JsonObject, RunMode } from '../../src/experiments/types.js';
import { stream as pipelineStream } from '../../src/pipeline/index.js';
import { tempDir } from './fakes.js';

const plugin = (name: string) => builtinPlugins().find((p) => p.key === name)!.plugin;

function ctx(args: JsonObject, extra: Partial<BuildPlanContext> = {}, runMode: RunMode = 'prompt_only'): BuildPlanContext {
  const root = '/w/_artifacts/experiments/x';
  const dict = builtinConfigDict() as JsonObject;
  const runnerCfg = ((dict['experiment_runners'] as JsonObject)['profile_v5_3x3'] ?? {}) as JsonObject;
  delete dict['experiment_runners'];
  const overrides = standardOverrides(root, runMode, 'exp1', false, false);
  return {
    baseCfg: mergeConfig(dict, overrides), runnerCfg, outputRoot: root, experimentId: 'exp1', runMode,
    args, workspaceRoot: '/w', cwd: '/w', ...extra,
  };
}

const get = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((c, k) => (c as JsonObject | undefined)?.[k], o);

describe('ab_refinement_block', () => {
  it('plans A1,B1,A2,B2 with shared seeds, tokens, labels and overlays', async () => {
    const plan = await plugin('ab_refinement_block').buildPlan(ctx({ runs: 2, seed: 123, data: 'config' }));
    expect(plan.runs.map((r) => `${r.variant}${r.run}`)).toEqual(['A1', 'B1', 'A2', 'B2']);
    expect(plan.runs.map((r) => r.seed)).toEqual([123, 123, 124, 124]);
    expect(plan.experimentMeta).toEqual({ base_seed: 123, runs_per_variant: 2, data_mode: 'config' });
    const [a1, b1] = plan.runs;
    expect(a1!.generationId).toMatch(/^A1_\d{8}_\d{6}_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a1!.variantName).toBe('no_refinement_block');
    expect(a1!.meta).toEqual({ random_token: abRandomToken(123), data_mode: 'config' });
    expect(b1!.meta['random_token']).toBe(a1!.meta['random_token']);
    expect(abRandomToken(123)).toBe(`RV-123-${pipelineStream(123, 'ab_token:ab.random_token').int(100000, 999999)}`);
    expect(get(a1!.cfg, 'prompt', 'stages', 'sequence')).toEqual(['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_no_block', 'ab.final_prompt_format']);
    expect(get(b1!.cfg, 'prompt', 'stages', 'sequence')).toEqual(['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'ab.final_prompt_format']);
    expect(get(a1!.cfg, 'prompt', 'plan')).toBe('custom');
    expect(get(a1!.cfg, 'prompt', 'random_seed')).toBe(123);
    expect(get(a1!.cfg, 'context', 'enabled')).toBe(false);
    expect(get(a1!.cfg, 'prompt', 'output', 'capture_stage')).toBe('ab.final_prompt_format');
    expect(get(a1!.cfg, 'experiment')).toEqual({
      id: 'exp1', variant: 'A_no_refinement_block', notes: 'Middle prompt is a minimal refinement instruction set.',
      tags: ['ab', 'refinement_block:no', 'plan:custom', 'mode:prompt_only', 'run:1'],
    });
    expect(get(plan.runs[3]!.cfg, 'experiment', 'tags')).toEqual(['ab', 'refinement_block:yes', 'plan:custom', 'mode:prompt_only', 'run:2']);
    // the plan passes the runner's validation (no runner-owned key changed)
    expect(() => validatePlan('ab_refinement_block', plan.runs, standardOverrides('/w/_artifacts/experiments/x', 'prompt_only', 'exp1', false, false))).not.toThrow();
  });

  it('--data sample points at the bundled CSVs; --runs must be > 0', async () => {
    const plan = await plugin('ab_refinement_block').buildPlan(ctx({ runs: 1, seed: 1, data: 'sample' }));
    expect(get(plan.runs[0]!.cfg, 'prompt', 'categories_path')).toBe('builtin:sample/category_list_v1.csv');
    expect(get(plan.runs[0]!.cfg, 'prompt', 'profile_path')).toBe('builtin:sample/user_profile_v4.csv');
    expect(plan.runs[0]!.meta['data_mode']).toBe('sample');
    await expect(Promise.resolve().then(() => plugin('ab_refinement_block').buildPlan(ctx({ runs: 0, seed: 1, data: 'config' })))).rejects.toThrow('--runs must be > 0');
  });

  it('pairs A_i with B_i and reports a missing variant', async () => {
    const p = plugin('ab_refinement_block');
    const plan = await p.buildPlan(ctx({ runs: 2, seed: 1, data: 'config' }));
    const pairs = p.buildPairsManifest!(plan.runs, { experimentId: 'exp1', runMode: 'prompt_only' })!;
    expect(pairs.pairs).toEqual([
      { run_index: 1, a_generation_id: plan.runs[0]!.generationId, b_generation_id: plan.runs[1]!.generationId, metadata: { mode: 'prompt_only' } },
      { run_index: 2, a_generation_id: plan.runs[2]!.generationId, b_generation_id: plan.runs[3]!.generationId, metadata: { mode: 'prompt_only' } },
    ]);
    expect(() => p.buildPairsManifest!(plan.runs.slice(0, 3), { experimentId: 'e', runMode: 'full' }))
      .toThrow("A/B experiment plan must include both variants for every run index (run=2, present=['A'])");
    const store = new ResultsStore(path.join(tempDir(), 'r.json'), plan.runs.map((r) => r.generationId));
    store.set(plan.runs[1]!.generationId, { status: 'error', error: { type: 'ProviderError', message: 'x' } });
    const withErrors = pairsWithErrors(pairs, store);
    expect(withErrors.pairs[0]!.b_error).toEqual({ type: 'ProviderError', message: 'x' });
    expect('a_error' in withErrors.pairs[0]!).toBe(false);
  });
});

describe('ab_scenespec_json_intermediary', () => {
  it('plans the prose and SceneSpec paths', async () => {
    const plan = await plugin('ab_scenespec_json_intermediary').buildPlan(ctx({ runs: 1, seed: 5, data: 'config' }));
    const [a, b] = plan.runs;
    expect(get(a!.cfg, 'prompt', 'output', 'capture_stage')).toBe('ab.final_prompt_format');
    expect(get(b!.cfg, 'prompt', 'output', 'capture_stage')).toBe('ab.final_prompt_format_from_scenespec');
    expect(get(b!.cfg, 'prompt', 'stages', 'sequence')).toEqual(['ab.random_token', 'ab.scene_draft', 'ab.scene_spec_json', 'ab.final_prompt_format_from_scenespec']);
    expect(get(b!.cfg, 'experiment', 'tags')).toEqual(['ab', 'path:scenespec_json', 'plan:custom', 'mode:prompt_only', 'run:1']);
    expect(b!.variantName).toBe('scenespec_json');
  });

  const good = 'SUBJECT=an old lighthouse keeper mending nets | SETTING=a windswept rocky island harbor at dusk | ACTION=he ties a knot while gulls circle | COMPOSITION=off-center subject with a long diagonal pier | CAMERA=35mm lens | LIGHTING=low warm side light | COLOR=sea-glass greens and rust | STYLE=gouache on textured paper | TEXT_IN_SCENE="RV-1-234567" | AR=16:9';

  it('final prompt checks: a valid prompt passes', () => {
    const r = checkFinalPrompt(good, 'RV-1-234567');
    expect(r['ok']).toBe(true);
    expect(r['issues']).toEqual([]);
    expect(get(r, 'fields', 'AR')).toBe('16:9');
    expect(get(r, 'word_counts', 'TEXT_IN_SCENE')).toBe(1);
    expect(get(r, 'specificity', 'violations')).toEqual({ CAMERA: 2 });
    expect(r['token_ok']).toBe(true);
    expect(r['ar_ok']).toBe(true);
    expect(r['cliches']).toEqual([]);
  });

  it('final prompt checks: every issue code in order', () => {
    expect(checkFinalPrompt('  ', 't')).toEqual({ ok: false, issues: [{ code: 'final_prompt_missing', message: 'Final prompt is empty or missing' }] });
    const bad = 'SETTING=x | SUBJECT=<subject> | ACTION= | nothing here | CAMERA=... | LIGHTING=epic cinematic 8k | COLOR=a | STYLE=b | TEXT_IN_SCENE=RV-9 | AR=4:3\nmore';
    const r = checkFinalPrompt(bad, 'RV-1');
    const codes = (r['issues'] as JsonObject[]).map((i) => i['code']);
    expect(codes).toEqual([
      'final_prompt_multiline', 'final_prompt_bad_key_order', 'final_prompt_bad_key_order', 'final_prompt_bad_segment',
      'final_prompt_missing_keys', 'final_prompt_empty_fields', 'final_prompt_placeholders',
      'final_prompt_text_in_scene_quotes', 'final_prompt_token_mismatch', 'final_prompt_ar_mismatch',
    ]);
    const msgs = (r['issues'] as JsonObject[]).map((i) => i['message']);
    expect(msgs).toContain('Expected key SUBJECT at position 1 but got SETTING');
    expect(msgs).toContain("Missing '=' in segment: 'nothing here'");
    expect(msgs).toContain('Missing keys: COMPOSITION');
    expect(msgs).toContain('Empty fields: ACTION');
    expect(msgs).toContain('Placeholder values present: SUBJECT, CAMERA');
    expect(msgs).toContain('TEXT_IN_SCENE "RV-9" does not match token "RV-1"');
    expect(r['cliches']).toEqual(['cinematic', 'epic', '8k']);
    expect(checkFinalPrompt('A=1 | B=2', 't')['issues']).toContainEqual({ code: 'final_prompt_segment_count', message: 'Expected 10 segments but got 2' });
  });

  it('SceneSpec checks', () => {
    const spec = { subject: 'a weathered lighthouse keeper', setting: 's', action: 'a', composition: 'c', camera: 'c', lighting: 'l', color: 'c', style: 's', text_in_scene: ' RV-1 ', must_keep: ['x'], avoid: ['y'] };
    expect(checkSceneSpec(JSON.stringify(spec), 'RV-1')).toMatchObject({ ok: true, issues: [], token_ok: true, subject_generic: false, parsed: { text_in_scene: 'RV-1' } });
    expect(checkSceneSpec('', 'x')['issues']).toEqual([{ code: 'scenespec_missing', message: 'SceneSpec JSON is empty or missing' }]);
    expect((checkSceneSpec('{oops', 'x')['issues'] as JsonObject[])[0]!['code']).toBe('scenespec_invalid_json');
    expect(checkSceneSpec('[1]', 'x')['issues']).toEqual([{ code: 'scenespec_not_object', message: 'SceneSpec JSON must be an object' }]);
    const broken = { ...spec, subject: 'A  Person walking', setting: '  ', avoid: [], camera: 3, text_in_scene: 'nope' } as JsonObject;
    delete broken['style'];
    const r = checkSceneSpec(JSON.stringify(broken), 'RV-1');
    expect(r['issues']).toEqual([
      { code: 'scenespec_missing_keys', message: 'Missing keys: style' },
      { code: 'scenespec_empty_fields', message: 'Empty/too-short fields: setting' },
      { code: 'scenespec_type_errors', message: 'Type issues: camera (expected string), avoid (expected non-empty list[str])' },
      { code: 'scenespec_generic_subject', message: 'subject appears generic' },
      { code: 'scenespec_token_mismatch', message: 'text_in_scene "nope" does not match token "RV-1"' },
    ]);
  });
});

describe('3x3 and profile_v5_3x3', () => {
  it('3x3: sets, seeds, shared concepts and overlays', async () => {
    const plan = await plugin('3x3').buildPlan(ctx({ sets: 'c, a ,', runs_per_set: 2, seed: 10, concept: null }, {}, 'full'));
    expect(plan.runs.map((r) => `${r.variant}${r.run}`)).toEqual(['C1', 'C2', 'A1', 'A2']);
    expect(plan.runs.map((r) => r.seed)).toEqual([20010, 20011, 10, 11]);
    const meta = plan.experimentMeta;
    expect(meta['sets']).toEqual(['C', 'A']);
    const byRun = meta['concepts_by_run'] as JsonObject[];
    const table = loadCategories(packageDataPath('sample/category_list_v1.csv'));
    expect(byRun[0]).toEqual({ run: 1, concept_seed: 10, concepts: selectRandomConcepts(table, stream(10, 'concepts:preprompt.select_concepts')) });
    expect(byRun[1]!['concepts']).not.toEqual(byRun[0]!['concepts']);
    const [c1, , a1] = plan.runs;
    expect(a1!.meta).toEqual({ concept_seed: 10, concepts: byRun[0]!['concepts'] });
    expect(get(a1!.cfg, 'prompt', 'stage_configs', 'instances', 'preprompt.select_concepts')).toEqual({ strategy: 'fixed', fixed: byRun[0]!['concepts'] });
    expect(get(c1!.cfg, 'prompt', 'stage_configs', 'instances', 'preprompt.select_concepts')).toBeUndefined();
    expect(get(a1!.cfg, 'prompt', 'stage_configs', 'defaults', 'blackbox.generate_idea_cards')).toEqual({ num_ideas: 8, idea_profile_source: 'generator_hints' });
    expect(get(a1!.cfg, 'prompt', 'stage_configs', 'defaults', 'preprompt.filter_concepts')).toEqual({ enabled: false });
    expect(get(c1!.cfg, 'prompt', 'plan')).toBe('simple_no_concepts');
    expect(get(c1!.cfg, 'context', 'enabled')).toBe(false);
    expect(get(a1!.cfg, 'experiment')).toMatchObject({ variant: 'A_blackbox_hints', tags: ['exp3x3', 'set:A', 'plan:blackbox', 'profile:hints', 'mode:full', 'run:1'] });
    expect(a1!.variantName).toBe('A_blackbox_hints');
  });

  it('3x3: pinned concepts and --sets validation', async () => {
    const plan = await plugin('3x3').buildPlan(ctx({ sets: 'B', runs_per_set: 1, seed: 3, concept: [' dragon ', ''] }));
    expect((plan.runs[0]!.meta['concepts'] as string[])[0]).toBe('dragon');
    expect(plan.experimentMeta['pinned_concepts']).toEqual(['dragon']);
    await expect(Promise.resolve().then(() => plugin('3x3').buildPlan(ctx({ sets: 'A,D,E', runs_per_set: 1, seed: 1, concept: null })))).rejects.toThrow("Unknown set id(s): ['D', 'E'] (expected: A,B,C)");
    await expect(Promise.resolve().then(() => plugin('3x3').buildPlan(ctx({ sets: 'A,a', runs_per_set: 1, seed: 1, concept: null })))).rejects.toThrow("Duplicate set id(s) in --sets: ['A']");
    await expect(Promise.resolve().then(() => plugin('3x3').buildPlan(ctx({ sets: '', runs_per_set: 0, seed: 1, concept: null })))).rejects.toThrow('--runs-per-set must be > 0');
  });

  it('profile_v5_3x3: profiles from the built-in runner cfg, at most 2 sampled concepts, path errors', async () => {
    const base = { sets: 'A,B,C', runs_per_set: 1, seed: 1, concept: null, profile_like_dislike_path: null, profile_love_like_dislike_hate_path: null, generator_profile_hints_path: null };
    const plan = await plugin('profile_v5_3x3').buildPlan(ctx(base, {}, 'full'));
    expect(plan.runs.map((r) => r.variant)).toEqual(['A', 'B', 'C']);
    const like = packageDataPath('sample/user_profile_v5_like_dislike.csv');
    const love = packageDataPath('sample/user_profile_v5_love_like_dislike_hate.csv');
    expect(plan.experimentMeta['profiles']).toEqual({ like_dislike: like, love_like_dislike_hate: love, generator_profile_hints_path: null });
    expect(plan.runs[0]!.meta['profiles']).toEqual({ like_dislike: like, love_like_dislike_hate: love, generator_hints: null });
    expect((plan.runs[0]!.meta['concepts'] as string[]).length).toBeLessThanOrEqual(2);
    expect(get(plan.runs[2]!.cfg, 'prompt', 'plan')).toBe('direct');
    expect(get(plan.runs[2]!.cfg, 'prompt', 'profile_path')).toBe(love);
    expect(get(plan.runs[2]!.cfg, 'prompt', 'stage_configs', 'instances', 'preprompt.select_concepts')).toMatchObject({ strategy: 'fixed' });
    expect(get(plan.runs[0]!.cfg, 'prompt', 'stage_configs', 'defaults', 'blackbox_refine.loop', 'judge_profile_source')).toBe('raw');
    const dir = tempDir();
    const hints = path.join(dir, 'hints.csv');
    fs.writeFileSync(hints, 'generator_profile_hints\r\nquiet light\r\n');
    const withHints = await plugin('profile_v5_3x3').buildPlan(ctx({ ...base, generator_profile_hints_path: 'hints.csv' }, { cwd: dir }));
    expect(get(withHints.runs[1]!.cfg, 'prompt', 'stage_configs', 'defaults', 'blackbox.generator_profile_hints')).toEqual({ mode: 'file', hints_path: hints });
    const noRunner = ctx(base, { runnerCfg: {} });
    await expect(Promise.resolve().then(() => plugin('profile_v5_3x3').buildPlan(noRunner))).rejects.toThrow('Missing profile_like_dislike_path. Provide CLI flag or set experiment_runners.profile_v5_3x3.profile_like_dislike_path in config.');
    await expect(Promise.resolve().then(() => plugin('profile_v5_3x3').buildPlan(ctx({ ...base, profile_like_dislike_path: 'nope.csv' }, { cwd: dir })))).rejects.toThrow(`profile_like_dislike_path not found: ${path.join(dir, 'nope.csv')}`);
    await expect(Promise.resolve().then(() => plugin('profile_v5_3x3').buildPlan(ctx({ ...base, profile_like_dislike_path: '.' }, { cwd: dir })))).rejects.toThrow('profile_like_dislike_path is a directory (expected file)');
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    await expect(Promise.resolve().then(() => plugin('profile_v5_3x3').buildPlan(ctx({ ...base, profile_like_dislike_path: 'empty.csv' }, { cwd: dir })))).rejects.toThrow('profile_like_dislike_path is empty');
  });
});
