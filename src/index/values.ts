/** Small value coercions and the code-point ordering used by every sort of index.md. */
import type { Cell } from './types.js';

/** Non-empty string, else null. Numbers and booleans become their text; objects are not strings. */
export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return null;
}

/** Integer when the value is an integer (number or integer text), else null. */
export function intOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string') {
    const t = value.trim();
    if (!/^[+-]?\d+$/.test(t)) return null;
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

/** A JSON scalar kept as a cell: integers stay numbers, other scalars become text. */
export function scalarCell(value: unknown): Cell {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return textOrNull(value);
}

/** Whitespace runs (line breaks included) collapsed to single spaces, ends trimmed. */
/** Whitespace that `collapseWhitespace` would change: a run of two, any whitespace but a space, or at either end. */
const NEEDS_COLLAPSE = /\s\s|[^\S ]|^\s|\s$/;

export function collapseWhitespace(value: string | null): string | null {
  if (value === null || value === '') return null;
  // Most prompts are already single-spaced: testing is much cheaper than building a new string.
  if (!NEEDS_COLLAPSE.test(value)) return value;
  const out = value.replace(/\s+/g, ' ').trim();
  return out === '' ? null : out;
}

/** Compare strings by Unicode code point (JS `<` compares UTF-16 units, which differs for astral characters). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    // A surrogate (astral code point) sorts after every BMP character outside the surrogate range.
    return xs ? 1 : -1;
  }
  return a.length - b.length;
}

export type SortKey = string | number;

/** Sort key for a cell: strings compare as text, numbers numerically, missing as "" or 0. */
export function textKey(value: Cell | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
export function numberKey(value: Cell | undefined): number {
  return typeof value === 'number' ? value : 0;
}

export function compareKeys(a: readonly SortKey[], b: readonly SortKey[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareCodePoints(String(x), String(y));
    if (c !== 0) return c;
  }
  return 0;
}

/** Stable sort of items by precomputed keys (computed once per item, not per comparison). */
export function sortByKeys<T>(items: T[], keyOf: (item: T) => SortKey[], descending = false): T[] {
  const keyed = items.map((item, i) => ({ item, key: keyOf(item), i }));
  keyed.sort((p, q) => {
    const c = compareKeys(p.key, q.key);
    return (descending ? -c : c) || p.i - q.i;
  });
  return keyed.map((k) => k.item);
}
