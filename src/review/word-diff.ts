/** Word-level diff of two prompts (review.md §5 "Word diff"). */

export interface DiffOp {
  op: 'equal' | 'delete' | 'insert';
  text: string;
}

export const MAX_DIFF_CELLS = 4_000_000;

function splitWords(s: string): string[] {
  const t = s.trim();
  return t === '' ? [] : t.split(/\s+/u);
}

export function wordDiff(aText: string, bText: string): { diff: DiffOp[]; truncated: boolean } {
  const a = splitWords(aText);
  const b = splitWords(bText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre += 1;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf += 1;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const raw: { op: DiffOp['op']; word: string }[] = [];
  for (const w of a.slice(0, pre)) raw.push({ op: 'equal', word: w });
  let truncated = false;
  if (am.length * bm.length > MAX_DIFF_CELLS) {
    truncated = true;
    for (const w of am) raw.push({ op: 'delete', word: w });
    for (const w of bm) raw.push({ op: 'insert', word: w });
  } else {
    const n = am.length;
    const m = bm.length;
    const W = m + 1;
    const L = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        L[i * W + j] = am[i] === bm[j] ? (L[(i + 1) * W + j + 1] as number) + 1 : Math.max(L[(i + 1) * W + j] as number, L[i * W + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (am[i] === bm[j]) {
        raw.push({ op: 'equal', word: am[i] as string });
        i += 1;
        j += 1;
      } else if ((L[(i + 1) * W + j] as number) >= (L[i * W + j + 1] as number)) {
        raw.push({ op: 'delete', word: am[i] as string });
        i += 1;
      } else {
        raw.push({ op: 'insert', word: bm[j] as string });
        j += 1;
      }
    }
    for (; i < n; i += 1) raw.push({ op: 'delete', word: am[i] as string });
    for (; j < m; j += 1) raw.push({ op: 'insert', word: bm[j] as string });
  }
  for (const w of a.slice(a.length - suf)) raw.push({ op: 'equal', word: w });
  const diff: DiffOp[] = [];
  let words: string[] = [];
  let cur: DiffOp['op'] | null = null;
  for (const r of raw) {
    if (r.op !== cur) {
      if (cur) diff.push({ op: cur, text: words.join(' ') });
      cur = r.op;
      words = [];
    }
    words.push(r.word);
  }
  if (cur) diff.push({ op: cur, text: words.join(' ') });
  return { diff, truncated };
}
