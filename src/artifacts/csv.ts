import { promises as fsp, existsSync, readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { withFileLock } from './lock.js';
import { IOError } from '../errors.js';

export type CsvRow = Record<string, string | number | boolean | null | undefined>;

/** RFC 4180 text of rows (CRLF line ends, quotes only where needed). */
export function csvText(rows: unknown[][]): string {
  // csv-stringify only quotes fields holding the record delimiter (CRLF); a bare LF or CR inside a value
  // (multi-line prompts) must be quoted too, or readers split the record.
  return stringify(rows, {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** Whole CSV text with header, for files written in one go (registries). */
export function csvDocument(header: readonly string[], rows: readonly CsvRow[]): string {
  return csvText([header as string[], ...rows.map((r) => header.map((h) => cell(r[h])))]);
}

/**
 * Length of the leading part of `text` made of complete records: up to and including the last line end
 * that lies outside a quoted field (RFC 4180 quoting, as csv-stringify writes it). What follows is a record
 * torn by a writer killed mid-append (it may even stop inside a quoted field).
 */
export function completeRecordsLength(text: string): number {
  let inQuotes = false;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) inQuotes = !inQuotes; // an escaped "" toggles twice
    else if (ch === 0x0a && !inQuotes) end = i + 1;
  }
  return end;
}

/** First line of a CSV file (its header), parsed. */
function readHeader(text: string): string[] {
  const nl = text.indexOf('\n');
  const firstLine = (nl < 0 ? text : text.slice(0, nl)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (!firstLine) return [];
  const rows = parse(firstLine, { relax_quotes: true }) as string[][];
  return rows[0] ?? [];
}

/**
 * Append one row to a shared CSV under its lock. The header is written once, when the file is
 * missing or empty; an existing file whose header differs is an error (nothing is written).
 * `rowsFor` may compute the row(s) inside the lock (e.g. allocate a sequence number).
 */
export async function appendCsvRows(
  file: string,
  header: readonly string[],
  rows: readonly CsvRow[],
): Promise<void> {
  await withFileLock(file, async () => {
    await appendCsvRowsUnlocked(file, header, rows);
  });
}

/**
 * Per file, the end of its last record this process has verified or written (inode + byte size). The
 * bytes appended after that point — by other runs or processes — are checked alone on the next append:
 * an append costs O(new bytes), not O(file), and a record torn by a killed writer is caught even when it
 * stopped right after a line end inside a quoted field (which a look at the last byte would miss).
 */
const verified = new Map<string, { ino: number; size: number; header: string }>();
const MAX_VERIFIED = 256;

function rememberBoundary(file: string, ino: number, size: number, header: string): void {
  if (!verified.has(file) && verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
  verified.set(file, { ino, size, header });
}

function headerMismatch(file: string, header: readonly string[], found: string[]): IOError {
  return new IOError(
    `CSV header mismatch in ${file}: expected ${header.join(',')} but found ${found.join(',')}; move the old file aside or point the config at a new path`,
  );
}

/** Whether the bytes [from, size) of an open file are whole records; `from` must be a record boundary. */
async function tailIsWhole(handle: fsp.FileHandle, from: number, size: number): Promise<boolean> {
  if (size === from) return true;
  const buf = Buffer.alloc(size - from);
  const { bytesRead } = await handle.read(buf, 0, buf.length, from);
  const text = buf.subarray(0, bytesRead).toString('latin1'); // quotes and line ends are ASCII: byte offsets = char offsets
  return completeRecordsLength(text) === text.length;
}

/** Same as appendCsvRows, for a caller that already holds the file's lock. */
export async function appendCsvRowsUnlocked(file: string, header: readonly string[], rows: readonly CsvRow[]): Promise<void> {
  const body = csvText(rows.map((r) => header.map((h) => cell(r[h]))));
  const headerKey = header.join('\u0000');
  const known = verified.get(file);
  if (known && known.header === headerKey) {
    // Fast path: the file is the one we verified, has only grown, and what was added is whole records.
    let handle: fsp.FileHandle | null = null;
    try {
      handle = await fsp.open(file, 'a+');
      const st = await handle.stat();
      if (st.ino === known.ino && st.size >= known.size && (await tailIsWhole(handle, known.size, st.size))) {
        await handle.appendFile(body);
        rememberBoundary(file, st.ino, st.size + Buffer.byteLength(body), headerKey);
        return;
      }
    } catch {
      // fall through to the full check
    } finally {
      await handle?.close();
    }
    verified.delete(file);
  }
  let existing = '';
  try {
    existing = await fsp.readFile(file, 'utf8');
  } catch {
    existing = '';
  }
  const complete = completeRecordsLength(existing);
  if (complete < existing.length) {
    // A writer killed mid-append left a torn record (possibly inside a quoted field, which would swallow the
    // next record): cut it off so the new rows start on a fresh line and parse.
    existing = existing.slice(0, complete);
    await fsp.truncate(file, Buffer.byteLength(existing, 'utf8'));
  }
  const blank = !/\S/.test(existing);
  if (!blank) {
    const found = readHeader(existing);
    if (found.join('\u0000') !== headerKey) throw headerMismatch(file, header, found);
  }
  const out = blank ? csvText([header as string[]]) + body : body;
  if (blank) await fsp.writeFile(file, out);
  else await fsp.appendFile(file, out);
  const st = await fsp.stat(file);
  rememberBoundary(file, st.ino, st.size, headerKey);
}

export interface CsvReadResult {
  header: string[];
  rows: Record<string, string>[];
  /** Records skipped because they were torn or malformed. */
  skipped: number;
}

/**
 * Read a CSV into header + row objects. Accepts BOM, LF or CRLF. A torn last record (no line end,
 * or a wrong column count) is skipped and counted, never fatal. Missing file → empty result.
 */
export function readCsv(file: string, warn?: (message: string) => void): CsvReadResult {
  if (!existsSync(file)) return { header: [], rows: [], skipped: 0 };
  return parseCsvText(readFileSync(file, 'utf8'), file, warn);
}

export function parseCsvText(text: string, label = 'CSV', warn?: (message: string) => void): CsvReadResult {
  let skipped = 0;
  let body = text.replace(/^\uFEFF/, '');
  if (body.length > 0 && !body.endsWith('\n')) {
    // A writer killed mid-record leaves a tail without its line end (maybe inside a quoted field): drop it.
    const cut = completeRecordsLength(body);
    if (cut > 0) {
      body = body.slice(0, cut);
      skipped++;
    }
  }
  const records = parse(body, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  }) as string[][];
  const header = records[0] ?? [];
  const rows: Record<string, string>[] = [];
  for (const rec of records.slice(1)) {
    if (rec.length !== header.length) {
      skipped++;
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => { row[h] = rec[i] ?? ''; });
    rows.push(row);
  }
  if (skipped > 0 && warn) warn(`Skipped ${skipped} torn or malformed record(s) in ${label}`);
  return { header, rows, skipped };
}
