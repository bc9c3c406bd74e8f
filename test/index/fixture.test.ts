// The older Python tool's artifacts tree: facts of fixtures/README.md, and agreement with that tool's
// own index except where index.md says "Decision:".
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { FIXTURE, copyFixture, runCli, tempDir } from './helpers.js';

const OLD_PREFIX = '/home/artist/image_project/_artifacts/';

function readCsvRows(file: string): { header: string[]; rows: Record<string, string>[] } {
  const records = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
  const header = records[0]!;
  return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

function stripOld(rows: Record<string, string>[]): Record<string, string>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.startsWith(OLD_PREFIX) ? v.slice(OLD_PREFIX.length) : v])));
}

describe('index-artifacts on the older tool fixture', () => {
  let root: string;
  let out: string;
  let cli: ReturnType<typeof runCli>;
  beforeAll(() => {
    const tmp = tempDir('fixture');
    root = copyFixture(tmp);
    out = path.join(root, 'index');
    cli = runCli(['index-artifacts', '--artifacts-root', root], tmp);
  });

  it('exits 0 with counts then registries on stdout and writes the four files + SQLite', () => {
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    for (const f of ['experiments_index.json', 'experiment_registry.csv', 'run_registry.csv', 'image_registry.csv', 'artifacts.sqlite']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const [countsText, registriesText] = cli.stdout.split(/\n(?=\{)/);
    const counts = JSON.parse(countsText!);
    expect(counts).toMatchObject({
      experiments: 2,
      experiment_runs_planned: 8,
      manifest_files: 1,
      images_titled: 4,
      run_index_files: 2,
      run_index_entries: 8,
      generation_csv_files: 1,
      generation_csv_rows: 4,
      runs_in_run_registry: 8,
    });
    expect(JSON.parse(registriesText!)).toEqual({
      experiment_registry_csv: 'index/experiment_registry.csv',
      image_registry_csv: 'index/image_registry.csv',
      run_registry_csv: 'index/run_registry.csv',
      artifacts_sqlite: 'index/artifacts.sqlite',
    });
  });

  it('agrees with the older tool row by row (paths relative to the root)', () => {
    for (const name of ['experiment_registry.csv', 'image_registry.csv']) {
      const mine = readCsvRows(path.join(out, name));
      const old = readCsvRows(path.join(FIXTURE, 'index', name));
      expect(mine.header).toEqual(old.header);
      expect(mine.rows).toEqual(stripOld(old.rows));
    }
    const mine = readCsvRows(path.join(out, 'run_registry.csv'));
    const old = readCsvRows(path.join(FIXTURE, 'index', 'run_registry.csv'));
    expect(mine.header).toEqual(old.header);
    expect(mine.rows).toHaveLength(8);
    // Decision (§3.4): run-review reports are found anywhere under the root; the older tool left them out here.
    const gid = 'A1_20261126_114804_a9248b7d-3c95-4c0d-aa72-5f5069d09f8a';
    const expected = stripOld(old.rows).map((r) =>
      r.generation_id === gid
        ? { ...r, run_report_json_path: `reviews/${gid}_run_report.json`, run_report_html_path: `reviews/${gid}_run_report.html` }
        : r,
    );
    expect(mine.rows).toEqual(expected);
    expect(mine.rows.every((r) => r.status === 'success')).toBe(true);
  });

  it('writes CRLF CSVs without BOM', () => {
    const bytes = readFileSync(path.join(out, 'run_registry.csv'));
    expect(bytes[0]).not.toBe(0xef);
    expect(bytes.toString('utf8').split('\r\n')[0]).toBe(readCsvRows(path.join(out, 'run_registry.csv')).header.join(','));
  });

  it('experiments_index.json matches the older one plus the New keys and Decisions', () => {
    const mine = JSON.parse(readFileSync(path.join(out, 'experiments_index.json'), 'utf8'));
    const old = JSON.parse(readFileSync(path.join(FIXTURE, 'index', 'experiments_index.json'), 'utf8'));
    expect(mine.kind).toBe('artifacts_index');
    expect(mine.artifacts_root).toBe(root);
    expect(mine.output_dir).toBe('index');
    expect(Object.keys(mine)).toEqual(['schema_version', 'kind', 'generated_at', 'artifacts_root', 'output_dir', 'experiments', 'counts', 'warnings', 'registries']);
    expect(mine.warnings).toEqual(old.warnings);
    expect(mine.experiments.map((e: { experiment_dir: string }) => e.experiment_dir)).toEqual([
      'experiments/20260121_093000_ab_refinement_block',
      'experiments/20260120_101500_ab_refinement_block',
    ]);
    mine.experiments.forEach((e: Record<string, unknown>, i: number) => {
      const o = old.experiments[i];
      for (const k of ['experiment_dir', 'plan_path', 'plan_full_path', 'results_path', 'runs_index_path', 'titles_manifest_path']) {
        expect(e[k]).toBe(typeof o[k] === 'string' ? o[k].slice(OLD_PREFIX.length) : o[k]);
      }
      for (const k of ['experiment_id', 'run_mode', 'variant_keys', 'variants', 'planned_runs', 'executed_runs', 'images']) expect(e[k]).toEqual(o[k]);
      expect(e.experiment_name).toBe('ab_refinement_block');
      expect(e.succeeded_runs).toBe(4);
      expect(e.failed_runs).toBe(0);
    });
    // Decision (§3.5): base_seed comes from experiment_meta (the older tool showed null).
    expect(mine.experiments.map((e: { base_seed: number }) => e.base_seed)).toEqual([321, 123]);
  });

  it('the SQLite database holds the same rows, typed, with the spec indexes', () => {
    const db = new Database(path.join(out, 'artifacts.sqlite'), { readonly: true });
    try {
      const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
      expect([count('experiments'), count('runs'), count('images'), count('experiment_summaries')]).toEqual([8, 8, 4, 2]);
      const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      expect(meta).toMatchObject({ schema_version: '1', kind: 'artifacts_index', artifacts_root: root });
      const row = db.prepare("SELECT seed, run, title_seq, upscaled_image_path FROM runs WHERE generation_id LIKE 'B2_%' AND run_mode = 'full'").get() as Record<string, unknown>;
      expect(row).toEqual({ seed: 322, run: 2, title_seq: 4, upscaled_image_path: null });
      const idx = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      for (const t of ['experiments', 'runs', 'images']) {
        for (const c of ['generation_id', 'experiment_id', 'created_at']) expect(idx).toContain(`idx_${t}_${c}`);
      }
      const csvHeader = readCsvRows(path.join(out, 'run_registry.csv')).header;
      expect((db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name)).toEqual(csvHeader);
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      db.close();
    }
  });
});
