import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiments/runner.js';
import { RunController } from '../../src/experiments/execute.js';
import { captureIO, fakeServices, readJson, tempDir } from './fakes.js';
import type { JsonObject } from '../../src/experiments/types.js';

async function run(tokens: string[], handle = fakeServices(), extra: { controller?: RunController; name?: string } = {}) {
  const cap = captureIO();
  const cwd = tempDir();
  const res = await runExperiment({ name: extra.name ?? 'ab_refinement_block', tokens, cwd, services: handle.services, io: cap.io, controller: extra.controller });
  return { res, cap, cwd, handle };
}

const results = (root: string): JsonObject[] => readJson(path.join(root, 'experiment_results.json'))['results'] as JsonObject[];

describe('runner: fresh run', () => {
  it('writes the plan files, results in plan order, pairs and the log', async () => {
    const root = path.join(tempDir(), 'out');
    const { res, cap } = await run(['--runs', '3', '--seed', '100', '--output-root', root, '--concurrency', '3']);
    expect(res.exitCode).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['experiment.log', 'experiment_plan.json', 'experiment_plan_full.json', 'experiment_results.json', 'logs', 'pairs.json']);
    const plan = readJson(path.join(root, 'experiment_plan.json'));
    expect(Object.keys(plan)).toEqual(['schema_version', 'kind', 'generated_at', 'experiment_name', 'experiment_id', 'output_root', 'run_mode', 'config_meta', 'plugin', 'runner', 'experiment_args', 'experiment_meta', 'planned_runs', 'tool']);
    expect(plan['kind']).toBe('experiment_plan');
    expect(plan['run_mode']).toBe('prompt_only');
    expect(plan['experiment_args']).toEqual({ runs: 3, seed: 100, data: 'config' });
    expect(plan['experiment_meta']).toEqual({ base_seed: 100, runs_per_variant: 3, data_mode: 'config' });
    const runner = plan['runner'] as JsonObject;
    expect((runner['flags'] as JsonObject)['concurrency']).toBe(3);
    expect(((runner['standard_overrides'] as JsonObject)['image'] as JsonObject)['log_path']).toBe(path.join(root, 'logs'));
    const planned = plan['planned_runs'] as JsonObject[];
    expect(planned.map((p) => `${p['variant']}${p['run']}`)).toEqual(['A1', 'B1', 'A2', 'B2', 'A3', 'B3']);
    expect(Object.keys(planned[0]!)).toEqual(['variant', 'variant_name', 'plan', 'run', 'generation_id', 'seed', 'random_token', 'data_mode']);
    const full = readJson(path.join(root, 'experiment_plan_full.json'));
    expect(full['kind']).toBe('experiment_plan_full');
    const entry = (full['planned_runs_full'] as JsonObject[])[0]!;
    expect(Object.keys(entry).slice(-4)).toEqual(['cfg_dict', 'config_parsed', 'config_warnings', 'prompt_pipeline']);
    const r = results(root);
    expect(r.map((e) => e['generation_id'])).toEqual(planned.map((p) => p['generation_id']));
    expect(Object.keys(r[0]!)).toEqual(['variant', 'variant_name', 'run', 'generation_id', 'seed', 'status', 'image_path', 'final_prompt', 'outputs', 'error', 'duration_ms']);
    const pairs = readJson(path.join(root, 'pairs.json'));
    const p = pairs['pairs'] as JsonObject[];
    expect(p.map((x) => x['run_index'])).toEqual([1, 2, 3]);
    expect(p[1]!['a_generation_id']).toBe(planned[2]!['generation_id']);
    expect(p[1]!['b_generation_id']).toBe(planned[3]!['generation_id']);
    expect(cap.out.at(-1)).toBe(`${plan['experiment_id']}: 6 succeeded, 0 failed, 0 skipped -> ${root}`);
    const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8');
    for (const needle of ['Experiment logging initialized', 'Executing 6 run(s) with concurrency 3', 'Running A run=1 generation_id=A1_', 'Finished B run=3 generation_id=B3_',
      'Wrote experiment results:', 'Wrote pairs manifest:', 'Experiment finished: 6 succeeded, 0 failed, 0 skipped (exit 0)', 'progress: 6/6 done']) {
      expect(log).toContain(needle);
    }
    expect(log.trim().split('\n').every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \| (DEBUG|INFO|WARNING|ERROR) \| /.test(l))).toBe(true);
    expect(fs.existsSync(path.join(root, '.experiment.lock'))).toBe(false);
    expect(cap.err()).toContain('experiments run: --mode not provided; defaulting to prompt_only (override with --mode)');
  });

  it('refuses an output root that already holds executed runs', async () => {
    const root = path.join(tempDir(), 'out');
    await run(['--runs', '1', '--output-root', root]);
    await expect(run(['--runs', '1', '--output-root', root])).rejects.toThrow(/Output root already holds executed runs: .*Use --resume/);
  });

  it('runs up to N at once and keeps results in plan order', async () => {
    const root = path.join(tempDir(), 'out');
    const h = fakeServices({ delayMs: (gid) => (gid.startsWith('A') ? 30 : 5) });
    const { res } = await run(['--runs', '6', '--seed', '1', '--output-root', root, '--concurrency', '4'], h);
    expect(res.exitCode).toBe(0);
    expect(h.maxInFlight()).toBe(4);
    const planned = readJson(path.join(root, 'experiment_plan.json'))['planned_runs'] as JsonObject[];
    expect(results(root).map((e) => e['generation_id'])).toEqual(planned.map((p) => p['generation_id']));
    const h1 = fakeServices({ delayMs: () => 2 });
    await run(['--runs', '3', '--output-root', path.join(tempDir(), 'o'), '--concurrency', '1'], h1);
    expect(h1.maxInFlight()).toBe(1);
  });
});

describe('runner: failures', () => {
  it('stops at the first failure: in-flight runs finish, the rest are Skipped, exit 1', async () => {
    const root = path.join(tempDir(), 'out');
    const h = fakeServices({ fail: (gid) => (gid.startsWith('B1') ? { type: 'ProviderError', message: 'boom', phase: 'pipeline', step: 'ab.scene_draft' } : null), delayMs: () => 5 });
    const { res, cap } = await run(['--runs', '4', '--output-root', root, '--concurrency', '2'], h);
    expect(res.exitCode).toBe(1);
    const r = results(root);
    expect(r).toHaveLength(8);
    const b1 = r[1]!;
    expect(b1['status']).toBe('error');
    expect(b1['error']).toEqual({ type: 'ProviderError', message: 'boom', step: 'ab.scene_draft' });
    expect(b1['phase']).toBe('pipeline');
    const skipped = r.filter((e) => (e['error'] as JsonObject | null)?.['type'] === 'Skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(5);
    expect(skipped[0]!['error']).toEqual({ type: 'Skipped', message: 'Skipped due to an earlier failure' });
    expect(h.calls.length).toBe(8 - skipped.length);
    const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8');
    expect(log).toMatch(/Stopping after failure of B1_\S+: waiting for \d+ in-flight run\(s\); \d+ not-started run\(s\) marked Skipped/);
    expect(log).toMatch(/ERROR \| Run failed: B1_\S+: ProviderError: boom/);
    const pairs = readJson(path.join(root, 'pairs.json'))['pairs'] as JsonObject[];
    expect(pairs[0]!['b_error']).toEqual({ type: 'ProviderError', message: 'boom' });
    expect(pairs[0]!['a_error']).toBeUndefined();
    expect(pairs[3]!['a_error']).toEqual({ type: 'Skipped', message: 'Skipped due to an earlier failure' });
    const succeeded = r.filter((e) => e['status'] === 'success').length;
    expect(cap.out.at(-1)).toMatch(new RegExp(`: ${succeeded} succeeded, 1 failed, ${skipped.length} skipped -> `));
    expect(succeeded + skipped.length).toBe(7);
  });

  it('--continue-on-error runs everything; --resume --retry-errors completes the failed runs', async () => {
    const root = path.join(tempDir(), 'out');
    let failing = true;
    const h = fakeServices({ fail: (gid) => (failing && /^(A2|B3)_/.test(gid) ? { type: 'ProviderError', message: 'transient', phase: 'pipeline' } : null) });
    const first = await run(['--runs', '3', '--output-root', root, '--continue-on-error'], h);
    expect(first.res.exitCode).toBe(1);
    expect(results(root).filter((e) => e['status'] === 'error').map((e) => `${e['variant']}${e['run']}`)).toEqual(['A2', 'B3']);
    failing = false;
    h.calls.length = 0;
    const second = await runExperiment({ name: 'ab_refinement_block', tokens: ['--resume', '--retry-errors', '--output-root', root], cwd: first.cwd, services: h.services, io: captureIO().io });
    expect(second.exitCode).toBe(0);
    expect(h.calls.map((g) => g.slice(0, 2))).toEqual(['A2', 'B3']);
    expect(results(root).every((e) => e['status'] === 'success')).toBe(true);
    const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8');
    expect(log).toContain('Retry errors: executing 2/6 runs with a recorded error');
  });

  it('records analysis failures (exit 1) without failing the run', async () => {
    const root = path.join(tempDir(), 'out');
    const { res } = await run(['--runs', '1', '--output-root', root], fakeServices(), { name: 'ab_scenespec_json_intermediary' });
    expect(res.exitCode).toBe(0);
    const r = results(root);
    const analysis = r[0]!['analysis'] as JsonObject;
    expect(Object.keys(analysis)).toEqual(['final_prompt', 'scenespec_json', 'token_presence']);
    expect(analysis['scenespec_json']).toBeNull();
    expect((r[1]!['analysis'] as JsonObject)['scenespec_json']).toMatchObject({ ok: false, issues: [{ code: 'scenespec_missing' }] });
  });
});

describe('runner: config errors, dry run', () => {
  const planted = { run: { mode: 'full' }, prompt: { plan: 'blackbox' }, context: { date: '2026-02-30' } };

  it('--dry-run writes only the two plan files (and the log) and exits 0', async () => {
    const root = path.join(tempDir(), 'out');
    const { res, cap, handle } = await run(['--runs', '2', '--seed', '7', '--dry-run', '--output-root', root]);
    expect(res.exitCode).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['experiment.log', 'experiment_plan.json', 'experiment_plan_full.json']);
    expect(handle.calls).toEqual([]);
    expect(cap.out).toHaveLength(5);
    expect(cap.out[0]).toMatch(/^A1 {2}A1_\d{8}_\d{6}_[0-9a-f-]{36} {2}seed=7 {2}plan=custom {2}ok$/);
    expect(cap.out[4]).toBe(`dry run: 4 planned run(s), 0 with config errors -> ${root}`);
    // a real run may follow a dry run in the same directory
    const again = await runExperiment({ name: 'ab_refinement_block', tokens: ['--runs', '1', '--output-root', root], cwd: root, services: handle.services, io: captureIO().io });
    expect(again.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(root, 'experiment.log'), 'utf8')).toContain('Replacing the plan written by an earlier dry run in');
  });

  it('a planted config error aborts run and dry run with exit 2; --no-fail-on-config-error runs the others', async () => {
    for (const extra of [[], ['--dry-run']]) {
      const root = path.join(tempDir(), 'out');
      const h = fakeServices({ baseDict: planted });
      const { res, cap } = await run(['--runs', '1', '--output-root', root, ...extra], h);
      expect(res.exitCode).toBe(2);
      expect(h.calls).toEqual([]);
      const full = readJson(path.join(root, 'experiment_plan_full.json'));
      const e = (full['planned_runs_full'] as JsonObject[])[0]!;
      expect(e['config_error']).toEqual({ type: 'ConfigError', message: "Invalid config value for context.date: '2026-02-30' (expected YYYY-MM-DD)" });
      expect(e['config_parsed']).toBeUndefined();
      expect(cap.err()).toContain('Aborting: 2 planned run(s) have config errors');
      expect(fs.existsSync(path.join(root, 'experiment_results.json'))).toBe(false);
    }
    // only B broken: the A runs execute
    const root = path.join(tempDir(), 'out');
    const h = fakeServices();
    const services = { ...h.services, parseConfig: (dict: JsonObject) => {
      if ((dict['experiment'] as JsonObject)['variant'] === 'B_with_refinement_block') throw Object.assign(new Error('bad B'), { type: 'ConfigError' });
      return { config: dict, warnings: [] };
    } };
    const cap = captureIO();
    const res = await runExperiment({ name: 'ab_refinement_block', tokens: ['--runs', '2', '--output-root', root, '--no-fail-on-config-error'], cwd: root, services, io: cap.io });
    expect(res.exitCode).toBe(1);
    expect(h.calls.map((g) => g.slice(0, 2))).toEqual(['A1', 'A2']);
    const r = results(root);
    expect(r.map((e) => e['status'])).toEqual(['success', 'error', 'success', 'error']);
    expect(r[1]!['error']).toEqual({ type: 'ConfigError', message: 'bad B' });
  });
});

describe('runner: resume, lock, interrupt', () => {
  it('resume skips successes, rebuilds a missing result entry and keeps plan order', async () => {
    const root = path.join(tempDir(), 'out');
    const h = fakeServices();
    const first = await run(['--runs', '2', '--output-root', root], h);
    expect(first.res.exitCode).toBe(0);
    // simulate a kill between the runs_index line and the results write, and a never-started run
    const doc = readJson(path.join(root, 'experiment_results.json'));
    const list = doc['results'] as JsonObject[];
    const removedGid = list[1]!['generation_id'] as string;
    const lines = fs.readFileSync(path.join(root, 'logs', 'runs_index.jsonl'), 'utf8').trim().split('\n');
    const lastGid = list[3]!['generation_id'] as string;
    fs.writeFileSync(path.join(root, 'logs', 'runs_index.jsonl'), `${lines.filter((l) => !l.includes(lastGid)).join('\n')}\n{"torn":`);
    doc['results'] = list.filter((e) => e['generation_id'] !== removedGid && e['generation_id'] !== lastGid);
    fs.writeFileSync(path.join(root, 'experiment_results.json'), JSON.stringify(doc));
    h.calls.length = 0;
    const cap = captureIO();
    const res = await runExperiment({ name: 'AB_Refinement_Block ', tokens: ['--resume', '--output-root', root, '--mode', 'full'], cwd: root, services: h.services, io: cap.io });
    expect(res.exitCode).toBe(0);
    expect(h.calls).toEqual([lastGid]);
    const r = results(root);
    expect(r).toHaveLength(4);
    expect(r[1]!['rebuilt']).toBe(true);
    expect(r.every((e) => e['status'] === 'success')).toBe(true);
    const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8');
    expect(log).toContain('Resume: skipping 3/4 runs already marked success');
    expect(log).toContain(`Resume: rebuilt result for ${removedGid} from runs_index.jsonl (analysis not available)`);
    expect(log).toContain('--mode full is ignored with --resume');
    // nothing left
    const again = await runExperiment({ name: 'ab_refinement_block', tokens: ['--resume', '--output-root', root], cwd: root, services: h.services, io: captureIO().io });
    expect(again.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(root, 'experiment.log'), 'utf8')).toContain('Resume: nothing to run');
  });

  it('resume errors: missing plan, missing --output-root, name mismatch', async () => {
    const root = path.join(tempDir(), 'out');
    await expect(run(['--resume', '--output-root', root])).rejects.toThrow(/--resume requires .*experiment_plan_full\.json to exist/);
    await expect(run(['--resume'])).rejects.toThrow('--resume requires --output-root pointing at an existing experiment directory');
    await run(['--runs', '1', '--output-root', root]);
    await expect(run(['--resume', '--output-root', root], fakeServices(), { name: 'ab_scenespec_json_intermediary' }))
      .rejects.toThrow("--resume experiment name mismatch: CLI='ab_scenespec_json_intermediary' plan_full='ab_refinement_block'");
  });

  it('refuses a directory locked by a live process and takes over a stale lock', async () => {
    const root = path.join(tempDir(), 'out');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, '.experiment.lock'), `pid=${process.pid}\nhost=${(await import('node:os')).hostname()}\ncreated_at=x\n`);
    await expect(run(['--runs', '1', '--output-root', root])).rejects.toThrow(`Experiment directory is in use by another image-project process (pid=${process.pid}): ${root}`);
    fs.writeFileSync(path.join(root, '.experiment.lock'), `pid=999999\nhost=${(await import('node:os')).hostname()}\ncreated_at=x\n`);
    const { res } = await run(['--runs', '1', '--output-root', root]);
    expect(res.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(root, 'experiment.log'), 'utf8')).toContain('Removed stale lock');
  });

  it('an interrupt stops scheduling, finishes in-flight runs, exit 1, resume finishes', async () => {
    const root = path.join(tempDir(), 'out');
    const controller = new RunController();
    let started = 0;
    const h = fakeServices({ delayMs: () => 20, onStart: () => { if (++started === 2) controller.interrupt(); } });
    const { res } = await run(['--runs', '5', '--output-root', root, '--concurrency', '2'], h, { controller });
    expect(res.exitCode).toBe(1);
    const r = results(root);
    expect(r.length).toBe(h.calls.length);
    expect(r.length).toBeLessThan(10);
    expect(fs.readFileSync(path.join(root, 'experiment.log'), 'utf8')).toMatch(/Interrupted: waiting for \d+ in-flight run\(s\); run again with --resume to finish/);
    const again = await runExperiment({ name: 'ab_refinement_block', tokens: ['--resume', '--output-root', root], cwd: root, services: h.services, io: captureIO().io });
    expect(again.exitCode).toBe(0);
    expect(results(root).map((e) => e['status'])).toEqual(Array(10).fill('success'));
  });
});

describe('runner: workspace plugins', () => {
  it('discovers experiment_plugins/*.mjs, reports broken modules, records analysis failures (exit 1)', async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'experiment_plugins');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a_broken.mjs'), 'export default {;\n');
    fs.writeFileSync(path.join(dir, 'b_dupe.mjs'), "export default { name: '3X3', summary: 's', defaultRunMode: 'full', options: [], buildPlan() { return { runs: [], experimentMeta: {} }; } };\n");
    fs.writeFileSync(path.join(dir, 'c_ok.mjs'), `
export default [{
  name: 'Flaky_Analysis', summary: 'analysis throws for run 2', defaultRunMode: 'prompt_only', options: [],
  buildPlan(ctx) {
    return { experimentMeta: {}, runs: [1, 2, 3].map((n) => ({ variant: 'A', variantName: null, run: n, generationId: 'A' + n + '_x', seed: n,
      cfg: { ...ctx.baseCfg, prompt: { ...ctx.baseCfg.prompt, random_seed: n } }, meta: { n } })) };
  },
  analyzeRun(run) {
    if (run.run === 2) throw new TypeError('cannot analyse');
    if (run.run === 3) return 'not a mapping';
    return { words: 1 };
  },
}];
`);
    const { loadRegistry } = await import('../../src/experiments/registry.js');
    const reg = await loadRegistry(cwd);
    expect([...reg.plugins.keys()].sort()).toEqual(['3x3', 'ab_refinement_block', 'ab_scenespec_json_intermediary', 'flaky_analysis', 'profile_v5_3x3']);
    expect(reg.loadErrors.map((e) => path.basename(e.file))).toEqual(['a_broken.mjs', 'b_dupe.mjs']);
    expect(reg.loadErrors[1]!.message).toBe('Duplicate experiment name: 3x3');
    await expect(runExperiment({ name: 'nope', tokens: [], cwd, services: fakeServices().services, io: captureIO().io }))
      .rejects.toThrow(/Unknown experiment: 'nope'\. Available: 3x3, ab_refinement_block, ab_scenespec_json_intermediary, flaky_analysis, profile_v5_3x3 \(plugin load errors: .*a_broken\.mjs: .*; .*b_dupe\.mjs: Duplicate experiment name: 3x3\)/);
    const root = path.join(cwd, 'out');
    const cap = captureIO();
    const res = await runExperiment({ name: 'flaky_analysis', tokens: ['--output-root', root], cwd, services: fakeServices().services, io: cap.io });
    expect(res.exitCode).toBe(1);
    const r = results(root);
    expect(r.map((e) => e['status'])).toEqual(['success', 'success', 'success']);
    expect(r[0]!['analysis']).toEqual({ words: 1 });
    expect(r[1]!['analysis_error']).toEqual({ type: 'TypeError', message: 'cannot analyse' });
    expect(r[2]!['analysis_error']).toEqual({ type: 'TypeError', message: 'flaky_analysis.analyze_run returned non-mapping for generation_id=A3_x' });
    expect(cap.err()).toContain('ERROR | Analysis failed for generation_id=A2_x: TypeError: cannot analyse');
    const plan = readJson(path.join(root, 'experiment_plan.json'));
    expect((plan['plugin'] as JsonObject)['ref']).toBe(`file:${path.join(dir, 'c_ok.mjs')}#Flaky_Analysis`);
    expect(fs.existsSync(path.join(root, 'pairs.json'))).toBe(false);
  });
});
