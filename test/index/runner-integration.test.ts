// Acceptance (issue 8): after `experiments run ab_refinement_block --runs 3 --mode full` the runner's
// index refresh has written the four files + SQLite, with agreeing row counts and every column in order.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { runCli, tempDir, write } from './helpers.js';
import { EXPERIMENT_COLUMNS, IMAGE_COLUMNS, RUN_COLUMNS } from '../../src/index/columns.js';

function csv(file: string): string[][] {
  return parse(readFileSync(file, 'utf8')) as string[][];
}

describe('index after experiments run', () => {
  it('ab_refinement_block --runs 3 --mode full: 6 planned runs, 6 images, everywhere', () => {
    const ws = tempDir('runner');
    write(path.join(ws, 'package.json'), '{}');
    const res = runCli(['experiments', 'run', 'ab_refinement_block', '--runs', '3', '--mode', 'full'], ws);
    expect(res.status, res.stderr.slice(-2000)).toBe(0);
    const out = path.join(ws, '_artifacts', 'index');
    for (const f of ['experiments_index.json', 'experiment_registry.csv', 'run_registry.csv', 'image_registry.csv', 'artifacts.sqlite']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const index = JSON.parse(readFileSync(path.join(out, 'experiments_index.json'), 'utf8'));
    expect(index.counts).toMatchObject({ experiments: 1, experiment_runs_planned: 6, images_titled: 6, runs_in_run_registry: 6, run_index_entries: 6 });
    expect(index.experiments[0]).toMatchObject({ planned_runs: 6, executed_runs: 6, succeeded_runs: 6, failed_runs: 0, images: 6, run_mode: 'full', variant_keys: ['A', 'B'] });
    const tables: [string, string, readonly string[]][] = [
      ['experiment_registry.csv', 'experiments', EXPERIMENT_COLUMNS],
      ['image_registry.csv', 'images', IMAGE_COLUMNS],
      ['run_registry.csv', 'runs', RUN_COLUMNS],
    ];
    const db = new Database(path.join(out, 'artifacts.sqlite'), { readonly: true });
    try {
      for (const [file, table, columns] of tables) {
        const records = csv(path.join(out, file));
        expect(records[0], file).toEqual([...columns]);
        expect(records.length - 1, file).toBe(6);
        expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(6);
        expect((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)).toEqual([...columns]);
      }
      // every registry row is a successful, titled run with files inside the store
      const rows = db.prepare('SELECT status, title_seq, image_path, transcript_path FROM runs').all() as Record<string, unknown>[];
      for (const r of rows) {
        expect(r.status).toBe('success');
        expect(typeof r.title_seq).toBe('number');
        expect(existsSync(path.join(ws, '_artifacts', String(r.image_path)))).toBe(true);
        expect(existsSync(path.join(ws, '_artifacts', String(r.transcript_path)))).toBe(true);
      }
    } finally {
      db.close();
    }
    // a second index of the same tree reads nothing
    const again = runCli(['index-artifacts'], ws);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout.split(/\n(?=\{)/)[0]!).sources_parsed).toBe(0);
  });
});
