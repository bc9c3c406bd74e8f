/** Text primitives of review.md §7.1. */

export function norm(t: string): string {
  return t.replace(/\r\n/g, '\n').replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'").replace(/\u2026/g, '...');
}

const WORD_RE = /\p{L}[\p{L}\p{N}'_-]*/gu;

export function words(t: string): string[] {
  return (norm(t).match(WORD_RE) ?? []).map((w) => w.toLowerCase());
}

const STOP = new Set(
  'a an and are as at be by for from in into is it its of on or over the this to with without you your we our they their that these those'.split(' '),
);

export function content(t: string): string[] {
  return words(t).filter((w) => [...w].length >= 3 && !STOP.has(w));
}

/** Exact LCS length of two token arrays. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
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

export function seqRatio(a: string, b: string): number {
  const A = words(a).slice(0, MAX_SEQ_WORDS);
  const B = words(b).slice(0, MAX_SEQ_WORDS);
  if (A.length === 0 && B.length === 0) return a.trim() === b.trim() ? 1 : 0;
  return (2 * lcsLength(A, B)) / (A.length + B.length);
}

export function jaccard(a: string, b: string): number {
  const A = new Set(content(a));
  const B = new Set(content(b));
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
