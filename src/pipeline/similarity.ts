/**
 * "Did you mean" suggestions: the similarity ratio of Python's difflib.SequenceMatcher
 * (2·M / T over recursively found longest matching blocks), used by compile error hints.
 */

function longestMatch(a: string, b: string, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0];
  let lengths = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue;
      const k = (lengths.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > best[2]) best = [i - k + 1, j - k + 1, k];
    }
    lengths = next;
  }
  return best;
}

function matchingChars(a: string, b: string, alo: number, ahi: number, blo: number, bhi: number): number {
  const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi);
  if (k === 0) return 0;
  return k + matchingChars(a, b, alo, i, blo, j) + matchingChars(a, b, i + k, ahi, j + k, bhi);
}

export function similarityRatio(a: string, b: string): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  return (2 * matchingChars(a, b, 0, a.length, 0, b.length)) / total;
}

/** Candidates with ratio ≥ cutoff, best first (ties: later string first, as difflib). */
export function closeMatches(word: string, candidates: readonly string[], n: number, cutoff = 0.6): string[] {
  return candidates
    .map((c) => ({ c, r: similarityRatio(word, c) }))
    .filter((x) => x.r >= cutoff)
    .sort((x, y) => y.r - x.r || (x.c < y.c ? 1 : x.c > y.c ? -1 : 0))
    .slice(0, n)
    .map((x) => x.c);
}

/**
 * pipeline.md §7.2 suggestions: rank kind suffixes (after the first `.`) by similarity ≥ 0.6,
 * expand to full ids, keep the first n; if none, rank the full ids.
 */
export function suggestStageIds(selector: string, ids: readonly string[], n: number): string[] {
  const suffixOf = (id: string): string => id.slice(id.indexOf('.') + 1);
  const suffixes = [...new Set(ids.map(suffixOf))];
  const matched = closeMatches(selector, suffixes, suffixes.length);
  const expanded: string[] = [];
  for (const suffix of matched) for (const id of ids) if (suffixOf(id) === suffix && !expanded.includes(id)) expanded.push(id);
  if (expanded.length) return expanded.slice(0, n);
  return closeMatches(selector, ids, n);
}
