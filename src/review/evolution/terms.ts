/** Term tracing: first appearance of content terms and introduced terms (review.md §7.5 "Terms"). */
import { makeIssue } from '../report-types.js';
import { cmpStr, isPlainObject } from '../text-utils.js';
import { resp, type Json, type SectionCtx } from './section-context.js';
import { content } from './text-metrics.js';

function countTerms(t: string | null): Map<string, number> {
  const m = new Map<string, number>();
  if (t) for (const w of content(t)) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

const byCountTerm = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1] || cmpStr(a[0], b[0]));

function injectedTerms(context: unknown): Set<string> {
  const out = new Set<string>();
  if (!isPlainObject(context)) return out;
  for (const v of Object.values(context)) {
    if (typeof v === 'string') content(v).forEach((w) => out.add(w));
    else if (isPlainObject(v)) for (const v2 of Object.values(v)) if (typeof v2 === 'string') content(v2).forEach((w) => out.add(w));
  }
  return out;
}

export function termTracing(ctx: SectionCtx, context: unknown): { termFirstSeen: Json[]; introduced: Record<string, { term: string; count: number }[]> } {
  const { sec, th, issues, base, merge, candidates, baseText, mergeText } = ctx;
  // Terms.
  let termFirstSeen: Json[] = [];
  const introduced: Record<string, { term: string; count: number }[]> = {};
  try {
    const baseC = countTerms(baseText);
    const candC = candidates.map((c) => countTerms(resp(c)));
    const mergeC = countTerms(mergeText);
    candidates.forEach((c, i) => {
      const terms = byCountTerm(candC[i] as Map<string, number>).filter(([t]) => !baseC.has(t));
      introduced[c.path] = terms.slice(0, th.max_node_introduced_terms).map(([term, count]) => ({ term, count }));
    });
    if (merge) {
      const terms = byCountTerm(mergeC).filter(([t]) => !baseC.has(t) && candC.every((m) => !m.has(t)));
      introduced[merge.path] = terms.slice(0, th.max_node_introduced_terms).map(([term, count]) => ({ term, count }));
    }
    let source = mergeC;
    if (source.size === 0) {
      const summed = new Map<string, number>();
      for (const m of candC) for (const [t, n] of m) summed.set(t, (summed.get(t) ?? 0) + n);
      source = summed.size > 0 ? summed : baseC;
    }
    const injected = injectedTerms(context);
    termFirstSeen = byCountTerm(source).slice(0, th.max_term_index).map(([term]) => {
      let where: { p: string; kind: string; idx: number } | null = null;
      if (base && baseC.has(term)) where = { p: base.path, kind: 'base', idx: base.step_index };
      else {
        const ci = candC.findIndex((m) => m.has(term));
        if (ci >= 0) where = { p: candidates[ci]!.path, kind: 'candidate', idx: candidates[ci]!.step_index };
        else if (merge) where = { p: merge.path, kind: 'merge', idx: merge.step_index };
      }
      return { term, first_seen_path: where?.p ?? null, first_seen_kind: where?.kind ?? null, first_seen_step_index: where?.idx ?? null, injected: injected.has(term) };
    });
  } catch (err) {
    issues.push(makeIssue('warn', 'evolution_terms_failed', `Failed term provenance analysis: ${err instanceof Error ? err.message : String(err)}`, sec.key));
  }

  return { termFirstSeen, introduced };
}
