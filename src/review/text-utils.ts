/** Small text helpers shared by the review modules (review.md §0). */
import { roundHalfUp } from '../artifacts/index.js';

/** Length in Unicode code points. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** Whitespace-separated tokens. */
export function wordCount(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : t.split(/\s+/u).length;
}

/** Ratios, scores, shares: 4 decimals, half up. */
export function round4(x: number): number {
  return roundHalfUp(x, 4);
}

/** `safe_id(s)`: runs outside [A-Za-z0-9_-] → `-`, trim `-`, lower-case; empty → `unknown`. */
export function safeId(s: string): string {
  const out = s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return out === '' ? 'unknown' : out;
}

/** `section_key(path)`: the first two `/`-segments (whole path if fewer; `unknown` if empty). */
export function sectionKey(p: string | null | undefined): string {
  if (!p) return 'unknown';
  const parts = p.split('/');
  return parts.length <= 2 ? p : parts.slice(0, 2).join('/');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Integer counters only (review.md §2.1 "counts only if integers"). */
export function intOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

export function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Structural deep equality for JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** JSON with sorted object keys (HTML shows objects as sorted pretty JSON). */
export function sortedJson(value: unknown, indent = 2): string {
  const sortValue = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortValue);
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sortValue(v[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sortValue(value), null, indent) ?? 'null';
}

/** Format a percentage of a 0..1 ratio with one decimal, half up. */
export function pct1(ratio: number): string {
  return roundHalfUp(ratio * 100, 1).toFixed(1);
}

/** Code-point comparison of strings (sections in code-point order, sorted lists). */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
