/** `image-project query "<SQL>"` (index.md §5.1): one read-only statement against the index database. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { csvText } from '../artifacts/index.js';

export type QueryFormat = 'table' | 'csv' | 'json' | 'jsonl';
export const QUERY_FORMATS: readonly QueryFormat[] = ['table', 'csv', 'json', 'jsonl'];

export interface QueryOptions {
  sql: string;
  dbPath: string;
  format: QueryFormat;
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  text: string;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return String(v);
}

function jsonValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v;
}

function displayWidth(s: string): number {
  return [...s].length;
}

function padTo(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** Aligned columns with a header; NULL shown empty; numbers right-aligned. */
export function formatTable(columns: string[], rows: unknown[][]): string {
  const cells = rows.map((r) => r.map((v) => cellText(v).replace(/\r?\n/g, '\\n')));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number' || typeof r[i] === 'bigint'));
  const line = (vals: string[], header: boolean) =>
    vals.map((v, i) => padTo(v, widths[i]!, !header && numeric[i]!)).join('  ').trimEnd();
  const out = [line(columns, true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((r) => line(r, false))];
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

function render(columns: string[], rows: unknown[][], format: QueryFormat): string {
  switch (format) {
    case 'table':
      return formatTable(columns, rows);
    case 'csv':
      return csvText([columns, ...rows.map((r) => r.map(cellText))]);
    case 'json':
    case 'jsonl': {
      const objects = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, jsonValue(r[i])])));
      if (format === 'json') return `${JSON.stringify(objects, null, 2)}\n`;
      return objects.map((o) => `${JSON.stringify(o)}\n`).join('');
    }
  }
}

const ONE_STATEMENT = 'only one read-only SQL statement is allowed';

/** Run the query; user errors throw UsageError (exit 2) with the spec's messages. */
export function runQuery(opts: QueryOptions): QueryResult {
  if (!existsSync(opts.dbPath)) {
    throw new UsageError(`no index database at ${opts.dbPath}; run image-project index-artifacts first`);
  }
  let db: Database.Database;
  try {
    db = new Database(opts.dbPath, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  try {
    db.pragma('query_only = ON');
    let stmt: Database.Statement;
    try {
      stmt = db.prepare(opts.sql);
    } catch (err) {
      const msg = (err as Error).message;
      if (/more than one statement|contains no statements/i.test(msg)) throw new UsageError(ONE_STATEMENT);
      throw new UsageError(msg);
    }
    if (!stmt.readonly) throw new UsageError(ONE_STATEMENT);
    let columns: string[] = [];
    let rows: unknown[][] = [];
    try {
      if (stmt.reader) {
        columns = stmt.columns().map((c) => c.name);
        rows = stmt.raw(true).all() as unknown[][];
      } else {
        stmt.run();
      }
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    return { columns, rows, text: render(columns, rows, opts.format) };
  } finally {
    db.close();
  }
}
