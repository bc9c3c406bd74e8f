/**
 * Indexing one artifacts root into one output dir (index.md §2–§6), incrementally: sources whose
 * size and mtime did not change are not opened; an unchanged tree only refreshes timestamps.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { utcTimestamp } from '../artifacts/index.js';
import type { ParsedSource, Row, Warnings } from './types.js';
import { walkArtifacts, type WalkResult } from './walk.js';
import { readSource, type CachedSourceMeta } from './source-reader.js';
import { assemble, rowsOf, streamOf, type ExperimentSummary, type IndexCounts } from './assemble.js';
import { CsvFileWriter } from './csv-writer.js';
import { PathMapper } from './paths.js';
import { withParseInterning } from './record-helpers.js';
import { EXPERIMENT_COLUMNS, IMAGE_COLUMNS, RUN_COLUMNS, SUMMARY_COLUMNS } from './columns.js';
import { FILES, outputStamp, writeJson } from './outputs.js';
import {
  DB_FILE, cachedRecordsLoader, readRegistryRowsFromDb, readDirListings, openExistingDb, readCachedSources, readState, rebuildDb, touchDb, updateDbInPlace,
  type DbWrite, type SourceUpsert,
} from './sqlite-store.js';

/** Bump when the parsed-record format or the assembly changes, so old caches are not trusted. */
const INDEX_FORMAT = 'image-project-index/1';
const OUTPUT_NAMES = [FILES.index, FILES.experiments, FILES.images, FILES.runs];

export interface Registries {
  experiment_registry_csv: string;
  image_registry_csv: string;
  run_registry_csv: string;
  artifacts_sqlite: string;
}

export interface ArtifactsIndexJson {
  schema_version: 1;
  kind: 'artifacts_index';
  generated_at: string;
  artifacts_root: string;
  output_dir: string;
  experiments: ExperimentSummary[];
  counts: IndexCounts;
  warnings: Warnings;
  registries: Registries;
}

export interface RegistryRows {
  experiments: Row[];
  images: Row[];
  runs: Row[];
}

export interface StoreIndexResult {
  root: string;
  outputDir: string;
  index: ArtifactsIndexJson;
  /** Relative paths of the source files read this time (the `sources_parsed` files). */
  parsedSources: string[];
  /** True when nothing changed and only timestamps were refreshed. */
  unchanged: boolean;
  /** Directories listed with readdir this time (unchanged folders come from the listing cache). */
  dirsListed: number;
  /** The registry rows (from memory, or from the database when the tree was unchanged). */
  rows(): RegistryRows;
  /** Milliseconds per phase (walk, read_sources, assemble, write_files, write_sqlite), wall and `_cpu`. */
  timings: Record<string, number>;
}

/** Wall and CPU milliseconds per phase (`<phase>` and `<phase>_cpu`); CPU time is what a loaded machine cannot distort. */
function phaseTimer(): { lap(name: string): void; result: Record<string, number> } {
  const result: Record<string, number> = {};
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  return {
    result,
    lap(name) {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      result[name] = Math.round(now - last);
      result[`${name}_cpu`] = Math.round((cpu.user + cpu.system) / 1000);
      last = now;
      lastCpu = process.cpuUsage();
    },
  };
}

function digestOf(root: string, outputDir: string, walk: WalkResult): string {
  const h = createHash('sha256');
  h.update(`${INDEX_FORMAT}\n${root}\n${outputDir}\n`);
  for (const s of walk.sources) h.update(`S\t${s.rel}\t${s.kind}\t${s.size}\t${s.mtimeNs}\n`);
  for (const r of walk.reports) h.update(`V\t${r.rel}\n`);
  for (const p of [...walk.present].sort()) h.update(`E\t${p}\n`);
  return h.digest('hex');
}

function sameSource(a: CachedSourceMeta | undefined, s: WalkResult['sources'][number]): boolean {
  return !!a && a.kind === s.kind && a.size === s.size && a.mtimeNs === s.mtimeNs;
}

export function indexStore(rootIn: string, outputDirIn: string, rebuild: boolean): StoreIndexResult {
  const root = path.resolve(rootIn);
  const outputDir = path.resolve(outputDirIn);
  const dbFile = path.join(outputDir, DB_FILE);
  const timer = phaseTimer();
  let db: Database.Database | null = rebuild ? null : openExistingDb(dbFile, 'artifacts_index', []);
  if (db) {
    // A cache written by another index format or for another root is not trusted: rebuild from scratch.
    const state = readState(db);
    if (state.get('format') !== INDEX_FORMAT || state.get('root') !== root) {
      db.close();
      db = null;
    }
  }
  try {
    const cache = db ? readCachedSources(db) : new Map<string, CachedSourceMeta>();
    const dirCache = db ? readDirListings(db) : undefined;
    timer.lap('open_cache');
    const walk = walkArtifacts(root, [outputDir], dirCache);
    const digest = digestOf(root, outputDir, walk);
    timer.lap('walk');

    if (db && cache.size === walk.sources.length && walk.sources.every((s) => sameSource(cache.get(s.rel), s))) {
      const state = readState(db);
      if (state.get('digest') === digest && state.get('outputs') === outputStamp(outputDir, OUTPUT_NAMES)) {
        const fast = refreshUnchanged(db, root, outputDir, digest, walk.listingsChanged ? walk.listings : null);
        timer.lap('refresh_unchanged');
        if (fast) return { ...fast, dirsListed: walk.dirsListed, timings: timer.result };
      }
    }

    const load = db ? cachedRecordsLoader(db) : () => null;
    const sources: { src: WalkResult['sources'][number]; parsed: ParsedSource; interned: boolean }[] = [];
    const upserts: SourceUpsert[] = [];
    const parsedSources: string[] = [];
    withParseInterning(() => {
      for (const src of walk.sources) {
        const read = readSource(src, db ? cache.get(src.rel) : undefined, () => load(src.rel));
        // Fully parsed records were interned as they were parsed; cached ones are interned by assemble().
        sources.push({ src, parsed: read.parsed, interned: read.how === 'full' });
        if (read.how !== 'cached') parsedSources.push(src.rel);
        if (read.how !== 'cached' || !db) {
          upserts.push({ path: src.rel, kind: src.kind, size: src.size, mtimeNs: src.mtimeNs, tailSha256: read.tailSha256, parsed: read.parsed });
        }
      }
    });
    const seen = new Set(walk.sources.map((s) => s.rel));
    const deletes = [...cache.keys()].filter((p) => !seen.has(p));

    timer.lap('read_sources');
    const built = assemble({ root, sources, reports: walk.reports, present: walk.present });
    sources.length = 0;
    timer.lap('assemble');
    built.counts.sources_parsed = parsedSources.length;
    const generatedAt = utcTimestamp();
    const mapper = new PathMapper(root);
    const registries: Registries = {
      experiment_registry_csv: mapper.rel(path.join(outputDir, FILES.experiments))!,
      image_registry_csv: mapper.rel(path.join(outputDir, FILES.images))!,
      run_registry_csv: mapper.rel(path.join(outputDir, FILES.runs))!,
      artifacts_sqlite: mapper.rel(dbFile)!,
    };
    const index: ArtifactsIndexJson = {
      schema_version: 1,
      kind: 'artifacts_index',
      generated_at: generatedAt,
      artifacts_root: root,
      output_dir: mapper.rel(outputDir)!,
      experiments: built.experiments,
      counts: built.counts,
      warnings: built.warnings,
      registries,
    };
    const csv = {
      experiments: new CsvFileWriter(path.join(outputDir, FILES.experiments), EXPERIMENT_COLUMNS, db !== null),
      images: new CsvFileWriter(path.join(outputDir, FILES.images), IMAGE_COLUMNS, db !== null),
      runs: new CsvFileWriter(path.join(outputDir, FILES.runs), RUN_COLUMNS, db !== null),
    };
    const CSV_FILES = { experiments: FILES.experiments, images: FILES.images, runs: FILES.runs } as const;
    const previousState = db ? readState(db) : null;
    const previousStamps = new Map(
      (previousState?.get('outputs') ?? '').split(';').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]),
    );
    /** The output file is still what the last index wrote (same size and mtime as recorded). */
    const fileIntact = (name: string): boolean => {
      const recorded = previousStamps.get(name);
      return recorded !== undefined && recorded !== 'missing' && outputStamp(outputDir, [name]) === `${name}=${recorded}`;
    };
    const registryRows = { experiments: built.experimentRows, images: built.imageRows, runs: built.runRows };
    const kept = new Set<keyof typeof csv>();
    const csvWritten = new Set<string>();
    const write: DbWrite = {
      kind: 'artifacts_index',
      generatedAt,
      artifactsRoot: root,
      leadingColumns: [],
      tables: {
        experiments: built.experimentRows,
        runs: built.runRows,
        images: built.imageRows,
        experiment_summaries: streamOf(SUMMARY_COLUMNS, built.experiments as unknown as Record<string, unknown>[]),
      },
      // In-place update (the cache was usable): each registry's CSV is written first and compared with the
      // current file; when they are equal byte for byte and that file is still what the last index wrote (its
      // recorded size and mtime), the table keeps its rows and the file stays, so appending one line rewrites
      // only the registries it changes. The CSV text determines the table's rows (same values, column
      // affinities) and both were written from the same rows last time, so equal text means equal rows.
      tableUnchanged: db
        ? (table) => {
            if (table === 'experiment_summaries') return false;
            const writer = csv[table];
            registryRows[table].each((row) => writer.write(row));
            const unchanged = writer.sameAsTarget() && fileIntact(CSV_FILES[table]);
            if (unchanged) {
              writer.abort();
              kept.add(table);
            } else {
              csvWritten.add(table);
            }
            return unchanged;
          }
        : undefined,
      // One pass over the rows fills the database and the CSVs; the files are in place before the state is recorded.
      onRow: (table, row) => {
        if (table !== 'experiment_summaries' && !csvWritten.has(table)) csv[table].write(row);
      },
      state: () => {
        for (const [table, writer] of Object.entries(csv) as [keyof typeof csv, CsvFileWriter][]) {
          if (!kept.has(table)) writer.commit();
        }
        writeJson(path.join(outputDir, FILES.index), index);
        return { format: INDEX_FORMAT, root, digest, outputs: outputStamp(outputDir, OUTPUT_NAMES) };
      },
      sourceUpserts: upserts,
      sourceDeletes: deletes,
      listings: walk.listings,
    };
    try {
      if (db) updateDbInPlace(db, write);
      else rebuildDb(dbFile, write);
    } catch (err) {
      for (const w of Object.values(csv)) w.abort();
      throw err;
    }
    timer.lap('write_outputs');
    const rows = (): RegistryRows => ({ experiments: rowsOf(built.experimentRows), images: rowsOf(built.imageRows), runs: rowsOf(built.runRows) });
    return { root, outputDir, index, parsedSources, unchanged: false, dirsListed: walk.dirsListed, rows, timings: timer.result };
  } finally {
    db?.close();
    db = null;
  }
}

/** Unchanged tree: rewrite experiments_index.json with a new `generated_at` and `sources_parsed: 0`. */
function refreshUnchanged(
  db: Database.Database,
  root: string,
  outputDir: string,
  digest: string,
  listings: WalkResult['listings'] | null,
): Omit<StoreIndexResult, 'timings' | 'dirsListed'> | null {
  const file = path.join(outputDir, FILES.index);
  let index: ArtifactsIndexJson;
  try {
    index = JSON.parse(readFileSync(file, 'utf8')) as ArtifactsIndexJson;
  } catch {
    return null;
  }
  if (!index || typeof index !== 'object' || index.kind !== 'artifacts_index' || !index.counts) return null;
  index.generated_at = utcTimestamp();
  index.counts.sources_parsed = 0;
  writeJson(file, index);
  touchDb(db, index.generated_at, { format: INDEX_FORMAT, root, digest, outputs: outputStamp(outputDir, OUTPUT_NAMES) }, listings);
  const dbFile = path.join(outputDir, DB_FILE);
  return { root, outputDir, index, parsedSources: [], unchanged: true, rows: () => readRegistryRowsFromDb(dbFile) };
}
