/** Merge provenance and critique provenance (review.md §7.5). */
import { makeIssue } from '../report-types.js';
import { round4 } from '../text-utils.js';
import type { OkSnippet } from './critique-uptake.js';
import { bestSegment, type Json, type SectionCtx } from './section-context.js';
import { combined, jaccard, preview, segments, seqRatio } from './text-metrics.js';

export interface MergeOrigin { kind: string; candIndex: number | null }

export function mergeProvenance(ctx: SectionCtx, okSnippets: OkSnippet[]): { mergeProv: Json[]; contributions: Record<string, number>; mergeOrigins: MergeOrigin[] } {
  const { sec, th, issues, base, merge, candidates, baseText, mergeText, candSegs, mergeSegs } = ctx;
  // Merge provenance (§7.5).
  const mergeProv: Json[] = [];
  const contributions: Record<string, number> = {};
  const mergeOrigins: { kind: string; candIndex: number | null }[] = [];
  try {
    if (merge && mergeText !== null) {
      const baseSegs = segments(baseText ?? '');
      const fromCand: number[] = candidates.map(() => 0);
      mergeSegs.forEach((seg, index) => {
        const opts: { kind: string; path: string | null; score: number; rank: number; cand: number | null }[] = [];
        const b = bestSegment(seg, baseSegs);
        if (b && base) opts.push({ kind: 'base', path: base.path, score: b.comb, rank: 1, cand: null });
        let bestC: { score: number; i: number } | null = null;
        candSegs.forEach((segs, i) => {
          const s = bestSegment(seg, segs);
          if (s && (!bestC || s.comb > bestC.score)) bestC = { score: s.comb, i };
        });
        if (bestC) opts.push({ kind: 'candidate', path: candidates[(bestC as { i: number }).i]!.path, score: (bestC as { score: number }).score, rank: 2, cand: (bestC as { i: number }).i });
        let bestK: { score: number; critic: string } | null = null;
        for (const k of okSnippets) {
          const sc = combined(seqRatio(seg, k.snippet), jaccard(seg, k.snippet));
          if (!bestK || sc > bestK.score) bestK = { score: sc, critic: k.critic };
        }
        if (bestK) opts.push({ kind: 'critic_suggestion', path: (bestK as { critic: string }).critic, score: (bestK as { score: number }).score, rank: 0, cand: null });
        opts.sort((x, y) => y.score - x.score || y.rank - x.rank);
        const top = opts[0];
        if (!top || top.score < th.provenance_origin_min_score) {
          mergeProv.push({ segment_index: index, segment_preview: preview(seg, th.max_segment_preview_chars), origin_kind: 'merge_new', origin_path: null, score: round4(top?.score ?? 0) });
          mergeOrigins.push({ kind: 'merge_new', candIndex: null });
        } else {
          mergeProv.push({ segment_index: index, segment_preview: preview(seg, th.max_segment_preview_chars), origin_kind: top.kind, origin_path: top.path, score: round4(top.score) });
          mergeOrigins.push({ kind: top.kind, candIndex: top.cand });
          if (top.cand !== null) fromCand[top.cand] = (fromCand[top.cand] as number) + 1;
        }
      });
      candidates.forEach((c, i) => {
        contributions[c.path] = round4(mergeSegs.length === 0 ? 0 : (fromCand[i] as number) / mergeSegs.length);
      });
    }
  } catch (err) {
    issues.push(makeIssue('warn', 'evolution_provenance_failed', `Failed merge provenance attribution: ${err instanceof Error ? err.message : String(err)}`, sec.key));
  }

  return { mergeProv, contributions, mergeOrigins };
}

export function critiqueProvenance(ctx: SectionCtx, okSnippets: OkSnippet[], mergeOrigins: MergeOrigin[]): Json {
  const { sec, th, issues, merge, candidates, critiques, candSegs, mergeSegs } = ctx;
  // Critique provenance.
  const targets = [...candidates, ...(merge ? [merge] : [])];
  const byCritic: Record<string, Record<string, number>> = {};
  const unattributed: Record<string, number> = {};
  const segTotals: Record<string, number> = {};
  try {
    if (critiques.length > 0 && okSnippets.length > 0) {
      const attributeDirect = (seg: string): string | null => {
        let best: { score: number; critic: string } | null = null;
        for (const k of okSnippets) {
          const sc = combined(seqRatio(seg, k.snippet), jaccard(seg, k.snippet));
          if (!best || sc > best.score) best = { score: sc, critic: k.critic };
        }
        return best && best.score >= th.provenance_origin_min_score ? best.critic : null;
      };
      const candAttr = candSegs.map((segs) => segs.map(attributeDirect));
      for (const cr of critiques) byCritic[cr.path] = {};
      targets.forEach((target, ti) => {
        const isMerge = merge !== null && ti === candidates.length;
        const segs = isMerge ? mergeSegs : (candSegs[ti] as string[]);
        const attr: (string | null)[] = segs.map((seg, si) => {
          if (!isMerge) return (candAttr[ti] as (string | null)[])[si] ?? null;
          const direct = attributeDirect(seg);
          if (direct) return direct;
          const origin = mergeOrigins[si];
          if (origin && origin.kind === 'candidate' && origin.candIndex !== null) {
            const best = bestSegment(seg, candSegs[origin.candIndex] as string[]);
            return best ? ((candAttr[origin.candIndex] as (string | null)[])[best.index] ?? null) : null;
          }
          return null;
        });
        segTotals[target.path] = segs.length;
        for (const cr of critiques) {
          const n = attr.filter((a) => a === cr.path).length;
          (byCritic[cr.path] as Record<string, number>)[target.path] = round4(segs.length === 0 ? 0 : n / segs.length);
        }
        const un = attr.filter((a) => a === null).length;
        unattributed[target.path] = round4(segs.length === 0 ? 1 : un / segs.length);
      });
    }
  } catch (err) {
    issues.push(makeIssue('warn', 'evolution_critique_provenance_failed', `Failed critique provenance matrix: ${err instanceof Error ? err.message : String(err)}`, sec.key));
  }

  return {
    critique_provenance_targets: targets.map((t) => t.path), critique_provenance_target_step_indices: targets.map((t) => t.step_index),
    critique_provenance_by_critic: byCritic, critique_provenance_unattributed_by_target: unattributed,
    critique_provenance_segments_total_by_target: segTotals,
  };
}
