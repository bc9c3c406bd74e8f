/**
 * Shared file checks of the data inputs (categories, profile, concept files).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IOError } from '../errors.js';

/** Read a UTF-8 text file with `<label> not found: <abs>`, `… path is a directory`, `… file is empty`. */
export function readInputText(file: string, label: string): { abs: string; text: string } {
  const abs = path.resolve(file);
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    throw new IOError(`${label} not found: ${abs}`);
  }
  if (stat.isDirectory()) throw new IOError(`${label} path is a directory: ${abs}`);
  const text = readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) throw new IOError(`${label} file is empty: ${abs}`);
  return { abs, text };
}
