/**
 * The two shared CSV files of a full run (generation.md §7.2, §7.3). Callers hold the file's lock
 * (`withFileLock`) around read + append, so seq allocation and appends are atomic across runs.
 */
import { promises as fsp } from 'node:fs';
import { appendCsvRowsUnlocked, parseCsvText } from '../artifacts/index.js';
import { IOError } from '../errors.js';

export const MANIFEST_COLUMNS = [
  'seq', 'title', 'generation_id', 'image_prompt', 'image_path', 'created_at',
  'model', 'size', 'quality', 'seed', 'title_source', 'title_raw',
] as const;

export const GENERATIONS_COLUMNS = [
  'generation_id', 'selected_concepts', 'final_image_prompt', 'image_path', 'created_at', 'seed',
] as const;

export interface ManifestState {
  /** Next sequence number: max integer `seq` + 1 (1 if none). */
  nextSeq: number;
  /** Non-empty titles, newest first. */
  titles: string[];
}

async function readTextOrEmpty(file: string): Promise<string> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new IOError(`Cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Read the manifest (BOM tolerated, torn tail skipped). Call under the manifest lock. */
export async function readManifestState(file: string): Promise<ManifestState> {
  const text = await readTextOrEmpty(file);
  if (text.trim() === '') return { nextSeq: 1, titles: [] };
  const { rows } = parseCsvText(text, file);
  let max = 0;
  const titles: string[] = [];
  for (const row of rows) {
    const seqText = (row.seq ?? '').trim();
    if (/^\d+$/.test(seqText)) max = Math.max(max, Number(seqText));
    const title = (row.title ?? '').trim();
    if (title) titles.push(title);
  }
  titles.reverse();
  return { nextSeq: max + 1, titles };
}

export interface ManifestRow {
  seq: number;
  title: string;
  generation_id: string;
  image_prompt: string;
  image_path: string;
  created_at: string;
  model: string;
  size: string;
  quality: string;
  seed: number | null;
  title_source: string;
  title_raw: string;
}

/** Append one manifest row; the caller holds the manifest lock. */
export async function appendManifestRowUnlocked(file: string, row: ManifestRow): Promise<void> {
  for (const key of ['title', 'generation_id', 'image_prompt', 'image_path'] as const) {
    if (!row[key]) throw new IOError(`Manifest row is missing required value: ${key} (${file})`);
  }
  await appendCsvRowsUnlocked(file, MANIFEST_COLUMNS, [{ ...row }]);
}

/** `["Cat", "Moody", "Baroque"]`: JSON with `", "` separators, non-ASCII kept. */
export function conceptsJson(concepts: readonly string[]): string {
  return `[${concepts.map((c) => JSON.stringify(c)).join(', ')}]`;
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const rows = parseCsvText(`${first}\r\n`).header;
  return rows;
}

export interface GenerationRow {
  generation_id: string;
  selected_concepts: readonly string[];
  final_image_prompt: string;
  image_path: string;
  created_at: string;
  seed: number;
}

/** Append one `generations_v2.csv` row; the caller holds the file's lock. */
export async function appendGenerationRowUnlocked(file: string, row: GenerationRow): Promise<void> {
  const text = await readTextOrEmpty(file);
  if (text.trim() !== '') {
    const actual = headerOf(text);
    if (actual.join('\u0000') !== GENERATIONS_COLUMNS.join('\u0000')) {
      throw new IOError(
        `Existing CSV header does not match expected schema at ${file}. expected=[${GENERATIONS_COLUMNS.join(', ')}] actual=[${actual.join(', ')}]`,
      );
    }
  }
  await appendCsvRowsUnlocked(file, GENERATIONS_COLUMNS, [{
    ...row,
    selected_concepts: conceptsJson(row.selected_concepts),
  }]);
}

