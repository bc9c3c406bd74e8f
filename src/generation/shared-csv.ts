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

/** The first line of a file (its CSV header), or '' when the file is missing or empty. */
async function readFirstLine(file: string): Promise<string> {
  let handle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new IOError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    let text = '';
    const buf = Buffer.alloc(64 * 1024);
    for (let pos = 0; ; pos += buf.length) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      text += buf.toString('utf8', 0, bytesRead);
      if (bytesRead < buf.length || /\r?\n/.test(text)) break;
    }
    return text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
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

async function headerOf(file: string): Promise<string[] | null> {
  const first = await readFirstLine(file);
  return first.trim() === '' ? null : parseCsvText(`${first}\r\n`).header;
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
  const actual = await headerOf(file);
  if (actual !== null) {
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

