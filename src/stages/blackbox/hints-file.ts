/** Loading a generator-hints file (text, or a CSV column), pipeline.md §8.3 `generator_profile_hints` mode `file`. */
import { readFileSync } from 'node:fs';
import { IOError } from '../../errors.js';
import { parseCsvText } from '../../artifacts/index.js';
import { resolvePathValue } from '../../config/paths.js';

const HINT_COLUMNS = ['generator_profile_hints', 'profile_abstraction', 'abstraction', 'text'];

export function resolveHintsPath(value: string, workspaceRoot: string): string {
  return resolvePathValue(value, workspaceRoot);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'path is a directory' : String(err);
    throw new IOError(`Generator profile hints file could not be read: ${file} (${why}); fix hints_path`);
  }
}

/** The hints text; CSV files use the first recognised column, else their only column. */
export function loadHintsFile(file: string): string {
  const raw = readText(file);
  let text: string;
  if (file.toLowerCase().endsWith('.csv')) {
    const { header, rows } = parseCsvText(raw, file);
    const lower = header.map((h) => h.trim().toLowerCase());
    let column = header.find((_, i) => HINT_COLUMNS.includes(lower[i]!));
    if (column === undefined && header.length === 1) column = header[0];
    if (column === undefined) {
      throw new IOError(
        `Generator profile hints CSV has no usable column: ${file} (expected one of ${HINT_COLUMNS.join(', ')}, or a single column)`,
      );
    }
    text = rows
      .map((r) => (r[column!] ?? '').trim())
      .filter((v) => v !== '')
      .join('\n');
  } else {
    text = raw.trim();
  }
  if (!text) throw new IOError(`Generator profile hints file was empty: ${file}`);
  return text;
}
