/**
 * Reading the titles manifest under its lock (generation.md §7.2): next `seq` and the titles to avoid.
 * The manifest only grows, so the parsed state is cached per file (inode, size, mtime) and only the bytes
 * appended since the last read are parsed; any other change (rewrite, truncation, torn tail) re-reads it all.
 * Always called while holding the manifest lock, so the cache is consistent across concurrent runs.
 */
import { promises as fsp } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseCsvText } from '../artifacts/index.js';
import { IOError } from '../errors.js';

export interface ManifestState {
  /** Next sequence number: max integer `seq` + 1 (1 if none). */
  nextSeq: number;
  /** Non-empty titles, newest first. */
  titles: string[];
}

interface Parsed {
  ino: number;
  size: number;
  mtimeMs: number;
  header: string[];
  maxSeq: number;
  /** Oldest first. */
  titles: string[];
}

const MAX_FILES = 256;
const cache = new Map<string, Parsed>();

function absorb(p: Pick<Parsed, 'header' | 'maxSeq' | 'titles'>, rows: Iterable<Record<string, string>>): number {
  let max = p.maxSeq;
  for (const row of rows) {
    const seqText = (row.seq ?? '').trim();
    if (/^\d+$/.test(seqText)) max = Math.max(max, Number(seqText));
    const title = (row.title ?? '').trim();
    if (title) p.titles.push(title);
  }
  return max;
}

function* rowsOf(header: string[], records: string[][]): Generator<Record<string, string>> {
  for (const rec of records) {
    if (rec.length !== header.length) continue;
    const row: Record<string, string> = {};
    header.forEach((h, i) => { row[h] = rec[i] ?? ''; });
    yield row;
  }
}

async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function remember(file: string, parsed: Parsed): void {
  if (!cache.has(file) && cache.size >= MAX_FILES) cache.delete(cache.keys().next().value as string);
  cache.set(file, parsed);
}

function stateOf(p: Parsed): ManifestState {
  return { nextSeq: p.maxSeq + 1, titles: [...p.titles].reverse() };
}

/** Read the manifest (BOM tolerated, torn tail skipped). Call under the manifest lock. */
export async function readManifestState(file: string): Promise<ManifestState> {
  let st;
  try {
    st = await fsp.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      cache.delete(file);
      return { nextSeq: 1, titles: [] };
    }
    throw new IOError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  const hit = cache.get(file);
  if (hit && hit.ino === st.ino && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return stateOf(hit);
  if (hit && hit.ino === st.ino && st.size > hit.size) {
    const tail = (await readRange(file, hit.size, st.size)).toString('utf8');
    if (tail.endsWith('\n')) {
      const records = parse(tail, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true }) as string[][];
      hit.maxSeq = absorb(hit, rowsOf(hit.header, records));
      hit.size = st.size;
      hit.mtimeMs = st.mtimeMs;
      return stateOf(hit);
    }
  }
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw new IOError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  cache.delete(file);
  if (text.trim() === '') return { nextSeq: 1, titles: [] };
  const { header, rows } = parseCsvText(text, file);
  const parsed: Parsed = { ino: st.ino, size: Buffer.byteLength(text), mtimeMs: st.mtimeMs, header, maxSeq: 0, titles: [] };
  parsed.maxSeq = absorb(parsed, rows);
  if (text.endsWith('\n') && parsed.size === st.size) remember(file, parsed);
  return stateOf(parsed);
}
