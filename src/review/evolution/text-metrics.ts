/** Text primitives of review.md §7.1. */

export function norm(t: string): string {
  return t.replace(/\r\n/g, '\n').replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'").replace(/\u2026/g, '...');
}

const WORD_RE = /\p{L}[\p{L}\p{N}'_-]*/gu;

/**
 * Token caches for one (synchronous) analysis: the same segments are compared many times.
 * `withTokenCache` enables them for the duration of a call and always clears them afterwards.
 */
let wordsCache: Map<string, string[]> | null = null;
let contentCache: Map<string, string[]> | null = null;
let lcsCache: Map<string, number> | null = null;

export function withTokenCache<T>(fn: () => T): T {
  wordsCache = new Map();
  contentCache = new Map();
  lcsCache = new Map();
  setCache = new Map();
  try {
    return fn();
  } finally {
    wordsCache = null;
    contentCache = null;
    lcsCache = null;
    setCache = null;
  }
}

export function words(t: string): string[] {
  const hit = wordsCache?.get(t);
  if (hit) return hit;
  const out = (norm(t).match(WORD_RE) ?? []).map((w) => w.toLowerCase());
  wordsCache?.set(t, out);
  return out;
}

const STOP = new Set(
  'a an and are as at be by for from in into is it its of on or over the this to with without you your we our they their that these those'.split(' '),
);

export function content(t: string): string[] {
  const hit = contentCache?.get(t);
  if (hit) return hit;
  const out = words(t).filter((w) => [...w].length >= 3 && !STOP.has(w));
  contentCache?.set(t, out);
  return out;
}

/** Exact LCS length of two token arrays. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) lo += 1;
  let hi = 0;
  while (hi < a.length - lo && hi < b.length - lo && a[a.length - 1 - hi] === b[b.length - 1 - hi]) hi += 1;
  return lo + hi + lcsCore(a.slice(lo, a.length - hi), b.slice(lo, b.length - hi));
}

function lcsCore(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  let prev = new Int32Array(s.length + 1);
  let cur = new Int32Array(s.length + 1);
  for (let i = 1; i <= l.length; i += 1) {
    const li = l[i - 1];
    for (let j = 1; j <= s.length; j += 1) {
      cur[j] = li === s[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[s.length] as number;
}

export const MAX_SEQ_WORDS = 5000;

/** LCS length of the first MAX_SEQ_WORDS `words` of two texts (cached inside `withTokenCache`). */
export function wordLcs(a: string, b: string): number {
  const A = words(a).slice(0, MAX_SEQ_WORDS);
  const B = words(b).slice(0, MAX_SEQ_WORDS);
  if (A.length * B.length < 40_000 || !lcsCache) return lcsLength(A, B); // small: cheaper than a cache key
  const key = a <= b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  const hit = lcsCache.get(key);
  if (hit !== undefined) return hit;
  const n = lcsLength(A, B);
  lcsCache.set(key, n);
  return n;
}

export function seqRatio(a: string, b: string): number {
  const na = Math.min(words(a).length, MAX_SEQ_WORDS);
  const nb = Math.min(words(b).length, MAX_SEQ_WORDS);
  if (na === 0 && nb === 0) return a.trim() === b.trim() ? 1 : 0;
  return (2 * wordLcs(a, b)) / (na + nb);
}

let setCache: Map<string, Set<string>> | null = null;

function contentSet(t: string): Set<string> {
  const hit = setCache?.get(t);
  if (hit) return hit;
  const out = new Set(content(t));
  setCache?.set(t, out);
  return out;
}

export function jaccard(a: string, b: string): number {
  const A = contentSet(a);
  const B = contentSet(b);
  if (A.size === 0 && B.size === 0) return 1;
  if (A.size === 0 || B.size === 0) return 0;
  let inter = 0;
  for (const w of A) if (B.has(w)) inter += 1;
  return inter / (A.size + B.size - inter);
}

export function combined(seq: number, jac: number): number {
  return 0.65 * seq + 0.35 * jac;
}

export function nonEmptyLines(t: string): string[] {
  return norm(t).split('\n').filter((l) => l.trim() !== '');
}

export function sentencesOfLine(line: string): string[] {
  return line.split(/(?<=[.!?])\s+/u).map((s) => s.trim()).filter((s) => s !== '');
}

export function sentences(t: string): string[] {
  return nonEmptyLines(t).flatMap(sentencesOfLine);
}

const BULLET_RE = /^\s*(?:[-*]|\d+[.)])\s+/;

export function segments(t: string): string[] {
  const lines = nonEmptyLines(t).map((l) => l.trim());
  const bullets = lines.filter((l) => BULLET_RE.test(l)).length;
  if (lines.length >= 12 || (lines.length >= 6 && bullets / lines.length >= 0.25)) return lines;
  return lines.flatMap(sentencesOfLine);
}

export function preview(seg: string, max: number): string {
  const s = seg.trim();
  const cps = [...s];
  return cps.length > max ? `${cps.slice(0, Math.max(0, max - 3)).join('')}...` : s;
}

export function isBullet(line: string): boolean {
  return BULLET_RE.test(line);
}

export function stripBullet(line: string): string {
  return line.replace(BULLET_RE, '').trim();
}
