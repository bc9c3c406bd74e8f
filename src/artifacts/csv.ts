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
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
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

const HEAD_BYTES = 64 * 1024;

/**
 * The header line of a large CSV that ends on a line end, read without reading the file: the first
 * HEAD_BYTES and the last byte. null = use the full read (small file, torn tail, no line end in the head).
 * Shared CSVs only grow (one row per run), so a full read per append made a long-lived store quadratic.
 */
async function largeCsvHead(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await fsp.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    if (size <= HEAD_BYTES) return null;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) return null;
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8');
    const nl = head.indexOf('\n');
    if (nl < 0 || head.slice(0, nl).replace(/^\uFEFF/, '').trim() === '') return null;
    return head.slice(0, nl + 1);
  } finally {
    await handle.close();
  }
}

/** Same as appendCsvRows, for a caller that already holds the file's lock. */
export async function appendCsvRowsUnlocked(file: string, header: readonly string[], rows: readonly CsvRow[]): Promise<void> {
  const head = await largeCsvHead(file);
  if (head !== null) {
    const found = readHeader(head);
    if (found.join('\u0000') !== header.join('\u0000')) {
      throw new IOError(
        `CSV header mismatch in ${file}: expected ${header.join(',')} but found ${found.join(',')}; move the old file aside or point the config at a new path`,
      );
    }
    await fsp.appendFile(file, csvText(rows.map((r) => header.map((h) => cell(r[h])))));
    return;
  }
  let existing = '';
  try {
    existing = await fsp.readFile(file, 'utf8');
  } catch {
    existing = '';
  }
  if (existing.length > 0 && !existing.endsWith('\n')) {
    // A writer killed mid-append left a torn record (possibly inside a quoted field, which would swallow the
    // next record): cut it off so the new rows start on a fresh line and parse.
    existing = existing.slice(0, completeRecordsLength(existing));
    await fsp.truncate(file, Buffer.byteLength(existing, 'utf8'));
  }
  let out = '';
  if (existing.trim() === '') {
    out += csvText([header as string[]]);
  } else {
    const found = readHeader(existing);
    if (found.join('\u0000') !== header.join('\u0000')) {
      throw new IOError(
        `CSV header mismatch in ${file}: expected ${header.join(',')} but found ${found.join(',')}; move the old file aside or point the config at a new path`,
      );
    }
  }
  out += csvText(rows.map((r) => header.map((h) => cell(r[h]))));
  if (existing.trim() === '') await fsp.writeFile(file, out);
  else await fsp.appendFile(file, out);
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
