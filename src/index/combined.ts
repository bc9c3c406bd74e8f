/**
 * Combined index of two or more artifacts roots (index.md §7): each root is indexed on its own
 * into `<out>/_stores/<label>/`; rows get `store, store_root`, absolute paths, de-duplication.
 */
import path from 'node:path';
import { utcTimestamp } from '../artifacts/index.js';
import type { Cell, Row, Warnings } from './types.js';
import { hasWarnings, WARNING_KEYS } from './types.js';
import { indexStore, type StoreIndexResult } from './store-index.js';
import {
  DEDUP_COLUMNS, EXPERIMENT_COLUMNS, EXPERIMENT_PATH_COLUMNS, IMAGE_COLUMNS, IMAGE_PATH_COLUMNS, RUN_COLUMNS,
  RUN_PATH_COLUMNS, SUMMARY_COLUMNS, SUMMARY_PATH_KEYS,
} from './columns.js';
import { FILES, writeCsv, writeJson } from './outputs.js';
import { DB_FILE, rebuildDb } from './sqlite-store.js';
import { sortByKeys, textKey } from './values.js';
import { streamOf, type IndexCounts } from './assemble.js';

export interface StoreEntry {
  store: string;
  store_root: string;
  output_dir: string;
  counts: IndexCounts;
  warnings: Warnings;
}

export interface CombinedIndexJson {
  schema_version: 1;
  kind: 'combined_artifacts_index';
  generated_at: string;
  output_dir: string;
  stores: StoreEntry[];
  experiments: Record<string, unknown>[];
  counts: { stores: number; experiments: number; experiment_rows: number; image_rows: number; run_rows: number };
  registries: { experiment_registry_csv: string; image_registry_csv: string; run_registry_csv: string; artifacts_sqlite: string };
}

export interface CombinedIndexResult {
  outputDir: string;
  index: CombinedIndexJson;
  stores: StoreIndexResult[];
}

/** Store labels: folder name (drive letter for a drive root); a repeated label gets `_<position>`. */
export function storeLabels(roots: string[]): string[] {
  const used = new Set<string>();
  return roots.map((root, i) => {
    const resolved = path.resolve(root);
    const drive = /^([A-Za-z]):[\\/]?$/.exec(resolved);
    let label = drive ? drive[1]! : path.basename(resolved) || 'root';
    if (used.has(label)) label = `${label}_${i + 1}`;
    used.add(label);
    return label;
  });
}

function isAbsoluteAnywhere(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function absolutize(value: Cell | undefined, storeRoot: string): Cell {
  if (typeof value !== 'string' || value === '') return value ?? null;
  if (isAbsoluteAnywhere(value)) return value;
  return value === '.' ? storeRoot : path.join(storeRoot, value);
}

function withStore(row: Row, store: string, storeRoot: string, pathCols: readonly string[]): Row {
  const out: Row = { store, store_root: storeRoot, ...row };
  for (const c of pathCols) out[c] = absolutize(row[c], storeRoot);
  return out;
}

function filled(row: Row): number {
  return DEDUP_COLUMNS.reduce((n, c) => n + (row[c] !== null && row[c] !== undefined && row[c] !== '' ? 1 : 0), 0);
}

/** Keep one row per generation id: more non-empty values wins; ties keep the earlier store. */
function dedupe(rows: Row[]): Row[] {
  const best = new Map<string, { row: Row; n: number }>();
  const order: string[] = [];
  for (const row of rows) {
    const gid = String(row.generation_id ?? '');
    const n = filled(row);
    const prev = best.get(gid);
    if (!prev) {
      order.push(gid);
      best.set(gid, { row, n });
    } else if (n > prev.n) {
      best.set(gid, { row, n });
    }
  }
  return order.map((g) => best.get(g)!.row);
}

export function buildCombinedIndex(roots: string[], outputDirIn: string, rebuild: boolean): CombinedIndexResult {
  const outputDir = path.resolve(outputDirIn);
  const labels = storeLabels(roots);
  const results: StoreIndexResult[] = [];
  const experimentRows: Row[] = [];
  const imageRows: Row[] = [];
  const runRows: Row[] = [];
  const experiments: Record<string, unknown>[] = [];
  const stores: StoreEntry[] = [];
  roots.forEach((root, i) => {
    const store = labels[i]!;
    const res = indexStore(root, path.join(outputDir, '_stores', store), rebuild);
    results.push(res);
    const storeRoot = res.root;
    const rows = res.rows();
    for (const r of rows.experiments) experimentRows.push(withStore(r, store, storeRoot, EXPERIMENT_PATH_COLUMNS));
    for (const r of rows.images) imageRows.push(withStore(r, store, storeRoot, IMAGE_PATH_COLUMNS));
    for (const r of rows.runs) runRows.push(withStore(r, store, storeRoot, RUN_PATH_COLUMNS));
    for (const e of res.index.experiments) {
      const out: Record<string, unknown> = { store, store_root: storeRoot, ...e };
      for (const k of SUMMARY_PATH_KEYS) out[k] = absolutize((e as unknown as Row)[k], storeRoot);
      experiments.push(out);
    }
    stores.push({ store, store_root: storeRoot, output_dir: res.outputDir, counts: res.index.counts, warnings: res.index.warnings });
  });

  const exp = sortByKeys(experimentRows, (r) => [textKey(r.experiment_dir), textKey(r.generation_id)]);
  const img = sortByKeys(dedupe(imageRows), (r) => [textKey(r.created_at), textKey(r.generation_id)]);
  const run = sortByKeys(dedupe(runRows), (r) => [textKey(r.created_at), textKey(r.generation_id)]);
  const lead = ['store', 'store_root'];
  const registries = {
    experiment_registry_csv: path.join(outputDir, FILES.experiments),
    image_registry_csv: path.join(outputDir, FILES.images),
    run_registry_csv: path.join(outputDir, FILES.runs),
    artifacts_sqlite: path.join(outputDir, DB_FILE),
  };
  const generatedAt = utcTimestamp();
  const index: CombinedIndexJson = {
    schema_version: 1,
    kind: 'combined_artifacts_index',
    generated_at: generatedAt,
    output_dir: outputDir,
    stores,
    experiments,
    counts: { stores: stores.length, experiments: experiments.length, experiment_rows: exp.length, image_rows: img.length, run_rows: run.length },
    registries,
  };
  writeCsv(registries.experiment_registry_csv, [...lead, ...EXPERIMENT_COLUMNS], exp);
  writeCsv(registries.image_registry_csv, [...lead, ...IMAGE_COLUMNS], img);
  writeCsv(registries.run_registry_csv, [...lead, ...RUN_COLUMNS], run);
  writeJson(path.join(outputDir, FILES.index), index);
  rebuildDb(registries.artifacts_sqlite, {
    kind: 'combined_artifacts_index',
    generatedAt,
    artifactsRoot: JSON.stringify(stores.map((s) => s.store_root)),
    leadingColumns: lead,
    tables: {
      experiments: streamOf([...lead, ...EXPERIMENT_COLUMNS], exp),
      images: streamOf([...lead, ...IMAGE_COLUMNS], img),
      runs: streamOf([...lead, ...RUN_COLUMNS], run),
      experiment_summaries: streamOf([...lead, ...SUMMARY_COLUMNS], experiments),
    },
    sourceUpserts: [],
    sourceDeletes: [],
    state: {},
    listings: null,
  });
  return { outputDir, index, stores: results };
}

/** Non-empty warning lists per store (for stderr), or null when there are none. */
export function combinedWarnings(index: CombinedIndexJson): Record<string, Partial<Warnings>> | null {
  const out: Record<string, Partial<Warnings>> = {};
  for (const s of index.stores) {
    if (!hasWarnings(s.warnings)) continue;
    const lists: Partial<Warnings> = {};
    for (const k of WARNING_KEYS) if (s.warnings[k].length > 0) lists[k] = s.warnings[k];
    out[s.store] = lists;
  }
  return Object.keys(out).length > 0 ? out : null;
}
