/** Helpers shared by the scoring parsers: code-fence stripping, JSON parsing, zod issue paths. */
import type { z } from 'zod';
import { PipelineError } from '../errors.js';
import { stripCodeFence } from '../pipeline/formats.js';

export { stripCodeFence };

export type JsonParse = { ok: true; value: unknown } | { ok: false; detail: string };

export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(stripCodeFence(text)) as unknown };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

/** `scores[0].score`, `options.palette`, `ideas[2].options.mood[1]` for a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The first issue of a failed parse as `<path> <message>` (message without path when the path is empty). */
export function firstIssue(error: z.ZodError, prefixPath: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = formatIssuePath([...prefixPath, ...issue.path]);
  return where ? `${where} ${issue.message}` : issue.message;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function preview(text: string, max = 200): string {
  return [...text].slice(0, max).join('');
}

/** Error thrown by the scoring parsers; message carries the spec's prefix. */
export class ScoringParseError extends PipelineError {}
