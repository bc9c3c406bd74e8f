// Combined index of several roots (index.md §7).
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { copyFixture, runCli, tempDir, write, writeExperiment, runLine } from './helpers.js';
import { storeLabels } from '../../src/index/combined.js';

function rows(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
}

describe('combined index', () => {
  it('labels stores, prefixes store columns, makes paths absolute, de-duplicates runs', () => {
    const ws = tempDir('combined');
    write(path.join(ws, 'package.json'), '{}');
    const a = copyFixture(path.join(ws, 'one'));
    const b = copyFixture(path.join(ws, 'two')); // same label `_artifacts` → `_artifacts_2`
    // A third root without experiments, holding one extra run and a better copy of nothing.
    const c = path.join(ws, 'three');
    write(path.join(c, 'logs', 'runs_index.jsonl'), runLine({ gid: 'G1_solo', status: 'error', expId: 'solo', variant: 'G', logDir: path.join(c, 'logs') }));
    const res = runCli(['index-artifacts', '--artifacts-root', a, '--artifacts-root', b, '--artifacts-root', c], ws);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const out = path.join(ws, '_artifacts', 'index_combined');
    const index = JSON.parse(readFileSync(path.join(out, 'experiments_index.json'), 'utf8'));
    expect(index.kind).toBe('combined_artifacts_index');
    expect(index.output_dir).toBe(out);
    expect(index.stores.map((s: { store: string }) => s.store)).toEqual(['_artifacts', '_artifacts_2', 'three']);
    expect(index.counts).toEqual({ stores: 3, experiments: 4, experiment_rows: 16, image_rows: 4, run_rows: 9 });
    expect(index.warnings).toBeUndefined();
    expect(index.registries.run_registry_csv).toBe(path.join(out, 'run_registry.csv'));
    expect(JSON.parse(res.stdout.split(/\n(?=\{)/)[0]!)).toEqual(index.counts);
    for (const label of ['_artifacts', '_artifacts_2', 'three']) {
      expect(existsSync(path.join(out, '_stores', label, 'artifacts.sqlite')), label).toBe(true);
    }
    const exp = rows(path.join(out, 'experiment_registry.csv'));
    expect(Object.keys(exp[0]!).slice(0, 3)).toEqual(['store', 'store_root', 'experiment_id']);
    expect(exp[0]!.experiment_dir).toBe(path.join(a, 'experiments', '20260120_101500_ab_refinement_block'));
    expect(exp.every((r) => path.isAbsolute(r.transcript_path!))).toBe(true);
    const runs = rows(path.join(out, 'run_registry.csv'));
    // the same 8 ids in both fixture copies: one row each, from the earlier store (tie)
    expect(runs.filter((r) => r.store === '_artifacts')).toHaveLength(8);
    expect(runs.find((r) => r.generation_id === 'G1_solo')).toMatchObject({ store: 'three', status: 'error' });
    const db = new Database(path.join(out, 'artifacts.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(9);
      expect(db.prepare('SELECT COUNT(*) FROM experiment_summaries').pluck().get()).toBe(4);
      expect((db.prepare('PRAGMA table_info(images)').all() as { name: string }[]).slice(0, 3).map((c) => c.name)).toEqual(['store', 'store_root', 'generation_id']);
    } finally {
      db.close();
    }
  });

  it('exits 1 when any store has warnings, listing them per store', () => {
    const ws = tempDir('combined-warn');
    const a = path.join(ws, 'a');
    const b = path.join(ws, 'b');
    writeExperiment(a, '20260120_101500_x', { runsPerVariant: 1 });
    writeExperiment(b, '20260120_101500_y', { runsPerVariant: 1 });
    write(path.join(b, 'logs', 'runs_index.jsonl'), 'nope\n');
    const res = runCli(['index-artifacts', '--artifacts-root', a, '--artifacts-root', b, '--output-dir', 'combo'], ws);
    expect(res.status).toBe(1);
    const printed = JSON.parse(res.stderr.slice('index-artifacts warnings:\n'.length));
    expect(Object.keys(printed)).toEqual(['b']);
    expect(printed.b.runs_index_errors[0]).toMatch(/^logs\/runs_index\.jsonl:1: SyntaxError/);
    expect(existsSync(path.join(ws, 'combo', 'run_registry.csv'))).toBe(true);
  });

  it('store labels: folder name, drive letter, position suffix for repeats', () => {
    expect(storeLabels(['/x/_artifacts', '/y/_artifacts', '/z/other'])).toEqual(['_artifacts', '_artifacts_2', 'other']);
  });
});
