import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/artifacts/index.js';
import type { JsonObject } from '../../src/experiments/types.js';
import { cli, cliKilledAfter, json, plannedIds, runsIndex, workspace } from './cli-helpers.js';

describe('experiments CLI: crash safety and resume', () => {
  it('SIGKILL at random moments + --resume: every planned run succeeds exactly once', async () => {
    const ws = workspace();
    const root = path.join(ws, '_artifacts', 'experiments', 'crash');
    const fresh = ['experiments', 'run', 'ab_refinement_block', '--runs', '10', '--seed', '11', '--mode', 'full', '--output-root', root];
    const resume = ['experiments', 'run', 'ab_refinement_block', '--resume', '--output-root', root];
    for (let kill = 0; kill < 4; kill++) {
      const started = fs.existsSync(path.join(root, 'experiment_plan_full.json'));
      await cliKilledAfter(ws, started ? resume : fresh, 400 + Math.floor(Math.random() * 1600));
    }
    const args = fs.existsSync(path.join(root, 'experiment_plan_full.json')) ? resume : fresh;
    const final = cli(ws, args);
    expect(final.code, final.stderr).toBe(0);
    const ids = plannedIds(root);
    expect(ids).toHaveLength(20);
    const successes = new Map<string, number>();
    for (const l of runsIndex(root)) if (l['status'] === 'success') successes.set(l['generation_id'] as string, (successes.get(l['generation_id'] as string) ?? 0) + 1);
    for (const id of ids) expect(successes.get(id), id).toBe(1);
    const results = json(path.join(root, 'experiment_results.json'))['results'] as JsonObject[];
    expect(results.map((r) => r['generation_id'])).toEqual(ids);
    expect(results.every((r) => r['status'] === 'success')).toBe(true);
    for (const f of ['experiment_plan.json', 'experiment_plan_full.json', 'pairs.json']) expect(() => json(path.join(root, f))).not.toThrow();
    for (const f of fs.readdirSync(path.join(root, 'logs')).filter((n) => n.endsWith('.json'))) expect(() => json(path.join(root, 'logs', f))).not.toThrow();
    const manifest = parseCsvText(fs.readFileSync(path.join(root, 'generated', 'titles_manifest.csv'), 'utf8'));
    const seqs = manifest.rows.map((r) => r['seq']);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(fs.existsSync(path.join(root, '.experiment.lock'))).toBe(false);
  }, 180_000);

  it('--concurrency 1 and 8 give the same final prompts per (variant, run)', () => {
    const ws = workspace();
    const prompts = (c: string): Record<string, string> => {
      const root = path.join(ws, '_artifacts', 'experiments', `c${c}`);
      expect(cli(ws, ['experiments', 'run', 'ab_scenespec_json_intermediary', '--runs', '4', '--seed', '77', '--concurrency', c, '--output-root', root]).code).toBe(0);
      const out: Record<string, string> = {};
      for (const r of json(path.join(root, 'experiment_results.json'))['results'] as JsonObject[]) out[`${r['variant']}${r['run']}`] = r['final_prompt'] as string;
      return out;
    };
    const one = prompts('1');
    expect(Object.keys(one)).toHaveLength(8);
    expect(prompts('8')).toEqual(one);
  }, 60_000);

  it('offline error_rate: --continue-on-error records errors (exit 1), --resume --retry-errors completes them', () => {
    const ws = workspace('providers:\n  text: {provider: offline, error_rate: 0.25, max_retries: 0, format_retries: 0}\n');
    const root = path.join(ws, '_artifacts', 'experiments', 'flaky');
    const first = cli(ws, ['experiments', 'run', 'ab_refinement_block', '--runs', '4', '--seed', '1', '--continue-on-error', '--output-root', root]);
    expect(first.code).toBe(1);
    const results = json(path.join(root, 'experiment_results.json'))['results'] as JsonObject[];
    expect(results).toHaveLength(8);
    const errors = results.filter((r) => r['status'] === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e['phase']).toBe('pipeline');
      expect((e['error'] as JsonObject)['type']).toBe('ProviderError');
      expect(typeof (e['error'] as JsonObject)['step']).toBe('string');
    }
    let code: number | null = 1;
    for (let attempt = 0; attempt < 25 && code !== 0; attempt++) {
      code = cli(ws, ['experiments', 'run', 'ab_refinement_block', '--retry-errors', '--output-root', root]).code;
    }
    expect(code).toBe(0);
    const after = json(path.join(root, 'experiment_results.json'))['results'] as JsonObject[];
    expect(after.map((r) => r['status'])).toEqual(Array(8).fill('success'));
    const successes = runsIndex(root).filter((l) => l['status'] === 'success').map((l) => l['generation_id']);
    expect(new Set(successes).size).toBe(successes.length);
    expect(successes).toHaveLength(8);
  }, 120_000);
});
