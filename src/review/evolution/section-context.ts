/** Shared pieces of the evolution analysis (review.md §7). */
import type { Issue, ReportStep } from '../report-types.js';
import type { SectionNodes } from './sections.js';
import { combined, jaccard, seqRatio } from './text-metrics.js';
import type { EvolutionThresholds } from './thresholds.js';

export type Json = Record<string, unknown>;

export const resp = (s: ReportStep | null): string | null => (s && typeof s.response === 'string' ? s.response.trim() : null);

/** One section's nodes, texts and segments, plus the issue list the analyses append to. */
export interface SectionCtx {
  sec: SectionNodes;
  th: EvolutionThresholds;
  issues: Issue[];
  base: ReportStep | null;
  merge: ReportStep | null;
  candidates: ReportStep[];
  critiques: ReportStep[];
  baseText: string | null;
  mergeText: string | null;
  candSegs: string[][];
  mergeSegs: string[];
}

export interface Scored { seq: number; jac: number; comb: number; seg: string; index: number }

export function bestSegment(text: string, segs: string[]): Scored | null {
  let best: Scored | null = null;
  segs.forEach((seg, index) => {
    const seq = seqRatio(text, seg);
    const jac = jaccard(text, seg);
    const comb = combined(seq, jac);
    if (!best || comb > best.comb) best = { seq, jac, comb, seg, index };
  });
  return best;
}

export function bestBySeqJac(text: string, segs: string[]): Scored | null {
  let best: Scored | null = null;
  segs.forEach((seg, index) => {
    const seq = seqRatio(text, seg);
    const jac = jaccard(text, seg);
    if (!best || seq > best.seq || (seq === best.seq && jac > best.jac)) best = { seq, jac, comb: combined(seq, jac), seg, index };
  });
  return best;
}
