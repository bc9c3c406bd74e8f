import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/artifacts/index.js';
import type { JsonObject } from '../../src/experiments/types.js';
import { cli, json, plannedIds, runsIndex, workspace } from './cli-helpers.js';

const TOP = ['experiment.log', 'experiment_plan.json', 'experiment_plan_full.json', 'experiment_results.json', 'logs', 'pairs.json'];

function checkCommon(root: string, runs: number): JsonObject[] {
  const plan = json(path.join(root, 'experiment_plan.json'));
  const full = json(path.join(root, 'experiment_plan_full.json'));
  expect(Object.keys(full)).toEqual([...Object.keys(plan), 'generation_defaults', 'planned_runs_full']);
  const results = json(path.join(root, 'experiment_results.json'))['results'] as JsonObject[];
  expect(results.map((r) => r['generation_id'])).toEqual(plannedIds(root));
  expect(results.every((r) => r['status'] === 'success')).toBe(true);
  const lines = runsIndex(root);
  expect(lines).toHaveLength(runs);
  expect(new Set(lines.map((l) => l['generation_id']))).toEqual(new Set(plannedIds(root)));
  expect(lines.every((l) => l['status'] === 'success')).toBe(true);
  for (const e of full['planned_runs_full'] as JsonObject[]) {
    expect(e['config_error']).toBeUndefined();
    expect(Object.keys(e['prompt_pipeline'] as JsonObject)).toEqual(['plan_resolution', 'inputs', 'resolved_stages']);
  }
  return results;
}

describe('experiments CLI', () => {
  it('list, describe, unknown names and option errors', () => {
    const ws = workspace();
    const list = cli(ws, ['experiments', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual(['3x3', 'ab_refinement_block', 'ab_scenespec_json_intermediary', 'profile_v5_3x3']);
    const d = cli(ws, ['experiments', 'describe', 'ab_refinement_block']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('default_run_mode: prompt_only\nplugin: builtin:ab_refinement_block\n\nusage: image-project experiments run ab_refinement_block [runner options] [experiment options]\nexperiment options:\n');
    expect(d.stdout).toContain('  --runs N   Run pairs to execute (A and B are run for each index). (default: 5)');
    const unknown = cli(ws, ['experiments', 'run', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("experiments run: Unknown experiment: 'nope'. Available: 3x3, ab_refinement_block, ab_scenespec_json_intermediary, profile_v5_3x3");
    expect(cli(ws, ['experiments', 'describe', 'nope']).code).toBe(2);
    const badOpt = cli(ws, ['experiments', 'run', 'ab_refinement_block', '--runz', '2']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr.trim()).toBe("experiments run ab_refinement_block: unknown option '--runz' (see: image-project experiments describe ab_refinement_block)");
    expect(cli(ws, ['experiments', 'run', 'ab_refinement_block', '--concurrency', '0']).stderr.trim()).toBe('experiments run ab_refinement_block: --concurrency must be an integer >= 1');
    const help = cli(ws, ['experiments', 'run', '3x3', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--runs-per-set N');
    expect(help.stdout).toContain('--no-fail-on-config-error');
    const built = cli(ws, ['experiments', 'run', 'ab_refinement_block', '--runs', '0', '--output-root', 'x']);
    expect(built.code).toBe(2);
    expect(built.stderr).toContain('experiments run failed: ValueError: --runs must be > 0');
  });

  it('ab_refinement_block --runs 3 on the built-in defaults (prompt_only, default output root)', () => {
    const ws = workspace();
    const r = cli(ws, ['experiments', 'run', 'ab_refinement_block', '--runs', '3', '--seed', '42']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('experiments run: --mode not provided; defaulting to prompt_only (override with --mode)');
    const dirs = fs.readdirSync(path.join(ws, '_artifacts', 'experiments'));
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(/^\d{8}_\d{6}_ab_refinement_block$/);
    const root = path.join(ws, '_artifacts', 'experiments', dirs[0]!);
    expect(fs.readdirSync(root).sort()).toEqual(TOP);
    const results = checkCommon(root, 6);
    expect(r.stdout.trim()).toBe(`ab_refinement_block_${dirs[0]!.slice(0, 15)}: 6 succeeded, 0 failed, 0 skipped -> ${root}`);
    const plan = json(path.join(root, 'experiment_plan.json'));
    const planned = plan['planned_runs'] as JsonObject[];
    // the token in the planner equals the token the ab.random_token stage put into the final prompt
    for (const [i, res] of results.entries()) expect(res['final_prompt']).toContain(`TEXT_IN_SCENE="${planned[i]!['random_token']}"`);
    const pairs = json(path.join(root, 'pairs.json'));
    expect(Object.keys(pairs)).toEqual(['schema_version', 'experiment_id', 'created_at', 'pairs']);
    expect((pairs['pairs'] as JsonObject[]).map((p) => [p['a_generation_id'], p['b_generation_id']]))
      .toEqual([0, 2, 4].map((i) => [planned[i]!['generation_id'], planned[i + 1]!['generation_id']]));
    expect(fs.existsSync(path.join(ws, '_artifacts', 'index'))).toBe(true);
  });

  it('--mode full --enable-upscale writes images, the manifest and 4K images', async () => {
    const ws = workspace();
    const root = path.join(ws, '_artifacts', 'experiments', 'full');
    const r = cli(ws, ['experiments', 'run', 'ab_refinement_block', '--runs', '1', '--mode', 'full', '--enable-upscale', '--output-root', root]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual([...TOP, 'generated', 'upscaled'].sort());
    const results = checkCommon(root, 2);
    const ids = plannedIds(root);
    expect(fs.readdirSync(path.join(root, 'generated')).sort()).toEqual([...ids.map((g) => `${g}_image.jpg`), 'titles_manifest.csv'].sort());
    expect(fs.readdirSync(path.join(root, 'upscaled')).sort()).toEqual(ids.map((g) => `${g}_image_4k.jpg`).sort());
    const meta = await sharp(path.join(root, 'upscaled', `${ids[0]}_image_4k.jpg`)).metadata();
    expect([meta.width, meta.height]).toEqual([3840, 2160]);
    expect(results[0]!['image_path']).toBe(path.join(root, 'upscaled', `${ids[0]}_image_4k.jpg`));
    const manifest = parseCsvText(fs.readFileSync(path.join(root, 'generated', 'titles_manifest.csv'), 'utf8'));
    expect(manifest.rows.map((row) => row['seq'])).toEqual(['1', '2']);
  }, 120_000);

  it('3x3 and profile_v5_3x3 --runs-per-set 1 in prompt_only and full mode', () => {
    const ws = workspace();
    for (const name of ['3x3', 'profile_v5_3x3']) {
      for (const mode of ['prompt_only', 'full']) {
        const root = path.join(ws, '_artifacts', 'experiments', `${name}_${mode}`);
        const r = cli(ws, ['experiments', 'run', name, '--runs-per-set', '1', '--seed', '9', '--mode', mode, '--output-root', root]);
        expect(r.code, r.stderr).toBe(0);
        checkCommon(root, 3);
        expect(fs.existsSync(path.join(root, 'generated'))).toBe(mode === 'full');
        const plan = json(path.join(root, 'experiment_plan.json'));
        expect(Object.keys(plan['experiment_meta'] as JsonObject).slice(0, 5)).toEqual(['base_seed', 'runs_per_set', 'sets', 'pinned_concepts', 'concepts_by_run']);
        const tags = runsIndex(root).map((l) => (l['experiment'] as JsonObject)['tags'] as string[]);
        expect(tags.every((t) => t.includes(`mode:${mode}`) && t.includes('run:1') && t[0] === 'exp3x3')).toBe(true);
      }
    }
  }, 120_000);
});

describe('experiments CLI: dry run and config errors', () => {
  it('--dry-run writes the two plan files only and exits 0', () => {
    const ws = workspace();
    const root = path.join(ws, 'out');
    const r = cli(ws, ['experiments', 'run', 'ab_scenespec_json_intermediary', '--runs', '2', '--dry-run', '--output-root', 'out']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['experiment.log', 'experiment_plan.json', 'experiment_plan_full.json']);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(r.stdout).toContain(`dry run: 4 planned run(s), 0 with config errors -> ${root}`);
  });

  it('a planted config error: exit 2 for run and dry run; --no-fail-on-config-error proceeds', () => {
    const ws = workspace();
    fs.mkdirSync(path.join(ws, 'experiment_plugins'));
    // a workspace plugin whose B variant carries an invalid context.date
    fs.writeFileSync(path.join(ws, 'experiment_plugins', 'planted.mjs'), `
export default {
  name: 'planted', summary: 'A/B with a broken B.', defaultRunMode: 'prompt_only', options: [],
  build_plan(ctx) {
    const runs = ['A', 'B'].map((v, i) => ({
      variant: v, variant_name: null, run: 1, generation_id: v + '1_planted_' + i, seed: 5,
      cfg: { ...ctx.baseCfg, prompt: { ...ctx.baseCfg.prompt, random_seed: 5, plan: 'simple' },
             context: { ...ctx.baseCfg.context, date: v === 'B' ? '2026-02-30' : '2026-01-20' } },
      meta: {},
    }));
    return { runs, experimentMeta: { base_seed: 5 } };
  },
};
`);
    for (const extra of [[], ['--dry-run']]) {
      const root = path.join(ws, `out${extra.length}`);
      const r = cli(ws, ['experiments', 'run', 'planted', '--output-root', root, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Aborting: 1 planned run(s) have config errors (see experiment_plan_full.json; --no-fail-on-config-error runs the others)');
      const e = (json(path.join(root, 'experiment_plan_full.json'))['planned_runs_full'] as JsonObject[])[1]!;
      expect(e['config_error']).toEqual({ type: 'ConfigError', message: "Invalid config value for context.date: '2026-02-30' (expected YYYY-MM-DD)" });
      expect(fs.existsSync(path.join(root, 'experiment_results.json'))).toBe(false);
      expect(json(path.join(root, 'experiment_plan.json'))['plugin']).toEqual({ ref: `file:${path.join(ws, 'experiment_plugins', 'planted.mjs')}#planted`, summary: 'A/B with a broken B.' });
    }
    const root = path.join(ws, 'out9');
    const r = cli(ws, ['experiments', 'run', 'planted', '--output-root', root, '--no-fail-on-config-error']);
    expect(r.code).toBe(1);
    const results = json(path.join(root, 'experiment_results.json'))['results'] as JsonObject[];
    expect(results.map((x) => x['status'])).toEqual(['success', 'error']);
    expect((results[1]!['error'] as JsonObject)['type']).toBe('ConfigError');
    expect(runsIndex(root).map((l) => l['generation_id'])).toEqual(['A1_planted_0']);
  }, 60_000);
});
