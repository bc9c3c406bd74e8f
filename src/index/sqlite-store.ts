/**
 * The SQLite index `<output_dir>/artifacts.sqlite` (index.md §5): registry tables, summaries, meta,
 * and the internal `_sources` cache (§6) plus `_state` (what the last index was built from).
 * Rows are replaced in one transaction (rollback journal); a missing or foreign database is
 * rebuilt from scratch in a temp file that is renamed over the old one.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Row, ParsedSource, SourceKind } from './types.js';
import {
  EXPERIMENT_COLUMNS, IMAGE_COLUMNS, RUN_COLUMNS, INTEGER_COLUMNS, SUMMARY_COLUMNS, SUMMARY_INTEGER_COLUMNS,
  SUMMARY_JSON_COLUMNS,
} from './columns.js';
import type { CachedSourceMeta } from './source-reader.js';
import type { RowStream } from './assemble.js';
import type { DirListing } from './walk.js';

export const DB_FILE = 'artifacts.sqlite';
export const DB_SCHEMA_VERSION = '1';

type Db = Database.Database;

export interface TableSet {
  experiments: RowStream;
  runs: RowStream;
  images: RowStream;
  experiment_summaries: RowStream;
}

export interface SourceUpsert {
  path: string;
  kind: SourceKind;
  size: number;
  mtimeNs: bigint;
  tailSha256: string | null;
  parsed: ParsedSource;
}

export interface DbWrite {
  kind: 'artifacts_index' | 'combined_artifacts_index';
  generatedAt: string;
  artifactsRoot: string | null;
  tables: TableSet;
  /** Leading columns of a combined index (`store`, `store_root`). */
  leadingColumns: string[];
  sourceUpserts: SourceUpsert[];
  sourceDeletes: string[];
  /**
   * In-place updates only: called before a table's rows are replaced; true = the table's content is
   * known to be unchanged, leave its rows as they are (and `onRow` is not called for it).
   */
  tableUnchanged?: (table: keyof TableSet) => boolean;
  /** Called with every row as it is inserted (the registry CSVs are written in the same pass). */
  onRow?: (table: keyof TableSet, values: readonly unknown[]) => void;
  /** `_state` values, or a function giving them once every row is written. */
  state: Record<string, string> | (() => Record<string, string>);
  /** Directory listings for the next walk; null keeps the stored ones. */
  listings: Map<string, DirListing> | null;
}

function tableColumns(leading: string[]): Record<keyof TableSet, { name: string; type: 'INTEGER' | 'TEXT' }[]> {
  const lead = leading.map((name) => ({ name, type: 'TEXT' as const }));
  const reg = (cols: readonly string[]) => [
    ...lead,
    ...cols.map((name) => ({ name, type: INTEGER_COLUMNS.has(name) ? ('INTEGER' as const) : ('TEXT' as const) })),
  ];
  return {
    experiments: reg(EXPERIMENT_COLUMNS),
    runs: reg(RUN_COLUMNS),
    images: reg(IMAGE_COLUMNS),
    experiment_summaries: [
      ...lead,
      ...SUMMARY_COLUMNS.map((name) => ({ name, type: SUMMARY_INTEGER_COLUMNS.has(name) ? ('INTEGER' as const) : ('TEXT' as const) })),
    ],
  };
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function createSchema(db: Db, leading: string[]): void {
  const tables = tableColumns(leading);
  const ddl: string[] = [
    'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)',
    'CREATE TABLE _sources (path TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, tail_sha256 TEXT, records TEXT NOT NULL)',
    'CREATE TABLE _state (key TEXT PRIMARY KEY, value TEXT)',
    'CREATE TABLE _dirs (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, listing TEXT NOT NULL)',
  ];
  for (const [name, cols] of Object.entries(tables)) {
    ddl.push(`CREATE TABLE ${q(name)} (${cols.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`);
  }
  db.exec(ddl.join(';\n'));
}

const INDEXED_TABLES = ['experiments', 'runs', 'images'];
const INDEXED_COLUMNS = ['generation_id', 'experiment_id', 'created_at'];

/** The spec's indexes (§5) of one table; built after the rows are in, which is much cheaper than maintaining them per insert. */
function indexStatements(table: string, create: boolean): string {
  if (!INDEXED_TABLES.includes(table)) return '';
  return INDEXED_COLUMNS.map((c) =>
    create ? `CREATE INDEX ${q(`idx_${table}_${c}`)} ON ${q(table)} (${q(c)})` : `DROP INDEX IF EXISTS ${q(`idx_${table}_${c}`)}`,
  ).join(';\n');
}

/** Open an existing index database for an in-place update, or null when it must be rebuilt. */
export function openExistingDb(file: string, kind: DbWrite['kind'], leading: string[]): Db | null {
  if (!existsSync(file)) return null;
  let db: Db | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('journal_mode = DELETE');
    const meta = new Map(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    if (meta.get('schema_version') !== DB_SCHEMA_VERSION || meta.get('kind') !== kind) throw new Error('foreign index');
    const expected = tableColumns(leading);
    for (const [name, cols] of Object.entries(expected)) {
      const have = (db.prepare(`PRAGMA table_info(${q(name)})`).all() as { name: string }[]).map((c) => c.name);
      if (have.join('\u0000') !== cols.map((c) => c.name).join('\u0000')) throw new Error(`table ${name} differs`);
    }
    for (const name of ['_sources', '_state', '_dirs']) {
      if ((db.prepare(`PRAGMA table_info(${q(name)})`).all() as unknown[]).length === 0) throw new Error(`no ${name}`);
    }
    return db;
  } catch {
    db?.close();
    return null;
  }
}

export function readCachedSources(db: Db): Map<string, CachedSourceMeta> {
  const stmt = db.prepare('SELECT path, kind, size, mtime_ns, tail_sha256 FROM _sources').safeIntegers(true);
  const out = new Map<string, CachedSourceMeta>();
  for (const r of stmt.iterate() as Iterable<{ path: string; kind: SourceKind; size: bigint; mtime_ns: bigint; tail_sha256: string | null }>) {
    out.set(r.path, { path: r.path, kind: r.kind, size: Number(r.size), mtimeNs: r.mtime_ns, tailSha256: r.tail_sha256 });
  }
  return out;
}

/** A loader for cached parse results, one statement prepared once. */
export function cachedRecordsLoader(db: Db): (p: string) => ParsedSource | null {
  const stmt = db.prepare('SELECT records FROM _sources WHERE path = ?').pluck();
  return (p) => {
    const text = stmt.get(p) as string | undefined;
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as ParsedSource;
    } catch {
      return null;
    }
  };
}

export function readDirListings(db: Db): Map<string, DirListing> {
  const stmt = db.prepare('SELECT path, mtime_ns, listing FROM _dirs').safeIntegers(true);
  const out = new Map<string, DirListing>();
  for (const r of stmt.iterate() as Iterable<{ path: string; mtime_ns: bigint; listing: string }>) {
    try {
      const l = JSON.parse(r.listing) as Omit<DirListing, 'mtimeNs'>;
      out.set(r.path, { mtimeNs: r.mtime_ns, dirs: l.dirs, files: l.files });
    } catch {
      /* a bad row only means that folder is listed again */
    }
  }
  return out;
}

function writeListings(db: Db, listings: Map<string, DirListing>): void {
  db.prepare('DELETE FROM _dirs').run();
  const ins = db.prepare('INSERT INTO _dirs (path, mtime_ns, listing) VALUES (?, ?, ?)');
  for (const [p, l] of listings) ins.run(p, l.mtimeNs, JSON.stringify({ dirs: l.dirs, files: l.files }));
}

export function readState(db: Db): Map<string, string> {
  return new Map((db.prepare('SELECT key, value FROM _state').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
}

function dbValue(v: unknown): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function insertRows(db: Db, table: keyof TableSet, cols: { name: string }[], rows: RowStream, onRow?: DbWrite['onRow']): void {
  const names = cols.map((c) => c.name);
  if (rows.columns.length !== names.length || rows.columns.some((c, i) => c !== names[i])) {
    throw new Error(`rows for ${table} have columns [${rows.columns.join(', ')}], expected [${names.join(', ')}]`);
  }
  const stmt = db.prepare(`INSERT INTO ${q(table)} VALUES (${cols.map(() => '?').join(', ')})`);
  const n = names.length;
  const json = table === 'experiment_summaries' ? names.map((c) => SUMMARY_JSON_COLUMNS.has(c)) : null;
  const values: (string | number | null)[] = new Array(n);
  rows.each((row) => {
    if (json) {
      for (let i = 0; i < n; i++) values[i] = json[i] ? JSON.stringify(row[i] ?? null) : dbValue(row[i]);
    } else {
      for (let i = 0; i < n; i++) {
        const v = row[i];
        values[i] = v === undefined || v === '' ? null : (v as string | number | null);
      }
    }
    stmt.run(values);
    onRow?.(table, row);
  });
}

function writeContent(db: Db, w: DbWrite, replaceSources: boolean): void {
  const tables = tableColumns(w.leadingColumns);
  for (const name of Object.keys(tables) as (keyof TableSet)[]) {
    // A table whose content is unchanged keeps its rows and its indexes (in-place updates only).
    if (!replaceSources && w.tableUnchanged?.(name)) continue;
    const drop = indexStatements(name, false);
    if (drop) db.exec(drop);
    db.prepare(`DELETE FROM ${q(name)}`).run();
    insertRows(db, name, tables[name], w.tables[name], w.onRow);
    const create = indexStatements(name, true);
    if (create) db.exec(create);
  }
  const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  meta.run('schema_version', DB_SCHEMA_VERSION);
  meta.run('kind', w.kind);
  meta.run('generated_at', w.generatedAt);
  if (w.artifactsRoot !== null) meta.run('artifacts_root', w.artifactsRoot);
  if (replaceSources) db.prepare('DELETE FROM _sources').run();
  const del = db.prepare('DELETE FROM _sources WHERE path = ?');
  for (const p of w.sourceDeletes) del.run(p);
  const up = db.prepare('INSERT OR REPLACE INTO _sources (path, kind, size, mtime_ns, tail_sha256, records) VALUES (?, ?, ?, ?, ?, ?)');
  for (const s of w.sourceUpserts) up.run(s.path, s.kind, s.size, s.mtimeNs, s.tailSha256, JSON.stringify(s.parsed));
  db.prepare('DELETE FROM _state').run();
  const st = db.prepare('INSERT INTO _state (key, value) VALUES (?, ?)');
  const state = typeof w.state === 'function' ? w.state() : w.state;
  for (const [k, v] of Object.entries(state)) st.run(k, v);
  if (w.listings) writeListings(db, w.listings);
}

/** Replace the content of an open, valid database in one transaction. */
export function updateDbInPlace(db: Db, w: DbWrite): void {
  db.transaction(() => writeContent(db, w, false))();
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Build a new database in a temp file next to `file` and rename it over `file`. */
export function rebuildDb(file: string, w: DbWrite): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const db = new Database(tmp);
  try {
    // A temp file nobody reads yet: no journal, no syncs until it is complete; then one fsync'd rename.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -8192');
    createSchema(db, w.leadingColumns);
    db.transaction(() => writeContent(db, w, true))();
    db.pragma('journal_mode = DELETE');
    db.close();
    fsyncFile(tmp);
    renameSync(tmp, file);
  } catch (err) {
    if (db.open) db.close();
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    throw err;
  } finally {
    // A journal left next to the old file belonged to the database just replaced.
    rmSync(`${tmp}-journal`, { force: true });
  }
}

/** Fast path of an unchanged tree: only the timestamps and the recorded output stats change. */
export function touchDb(db: Db, generatedAt: string, state: Record<string, string>, listings: Map<string, DirListing> | null): void {
  db.transaction(() => {
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('generated_at', ?)").run(generatedAt);
    const st = db.prepare('INSERT OR REPLACE INTO _state (key, value) VALUES (?, ?)');
    for (const [k, v] of Object.entries(state)) st.run(k, v);
    if (listings) writeListings(db, listings);
  })();
}

/** Registry rows of an index database, in stored order (used by the combined index). */
export function readRegistryRowsFromDb(file: string): { experiments: Row[]; images: Row[]; runs: Row[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const all = (t: string): Row[] => db.prepare(`SELECT * FROM ${q(t)} ORDER BY rowid`).all() as Row[];
    return { experiments: all('experiments'), images: all('images'), runs: all('runs') };
  } finally {
    db.close();
  }
}
