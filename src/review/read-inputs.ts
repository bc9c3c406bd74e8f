/** Reading transcripts and oplogs from disk (review.md §0 "JSON in", §1.6 transcript errors). */
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.js';
import { isPlainObject } from './text-utils.js';

/** UTF-8 with the BOM dropped and invalid bytes replaced by U+FFFD. */
export function readTextLenient(file: string): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(readFileSync(file));
}

export function parseTranscriptText(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError(`Invalid JSON transcript: ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isPlainObject(value)) throw new AppError(`Invalid transcript (expected a JSON object): ${file}`);
  return value;
}

export function readTranscriptFile(file: string): Record<string, unknown> {
  return parseTranscriptText(readTextLenient(file), file);
}
