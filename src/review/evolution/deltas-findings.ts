/** Delta metrics, candidate similarity and findings (review.md §7.3). */
import { makeIssue, type ReportStep } from '../report-types.js';
import { round4 } from '../text-utils.js';
import { resp, type Json, type SectionCtx } from './section-context.js';
import { jaccard, MAX_SEQ_WORDS, nonEmptyLines, sentences, seqRatio, wordLcs, words } from './text-metrics.js';

function delta(kind: string, from: ReportStep, to: ReportStep, a: string, b: string): Json {
  const A = words(a).slice(0, MAX_SEQ_WORDS);
  const B = words(b).slice(0, MAX_SEQ_WORDS);
  const l = wordLcs(a, b);
  const added = B.length - l;
  const removed = A.length - l;
  return {
    kind, from_path: from.path, to_path: to.path,
    from_chars: [...a].length, to_chars: [...b].length,
    from_tokens: words(a).length, to_tokens: words(b).length,
    from_lines: nonEmptyLines(a).length, to_lines: nonEmptyLines(b).length,
    from_sentences: sentences(a).length, to_sentences: sentences(b).length,
    tokens_added: added, tokens_removed: removed,
    token_change_ratio: round4((added + removed) / Math.max(1, A.length)),
    seq_ratio: round4(seqRatio(a, b)), jaccard: round4(jaccard(a, b)),
  };
}

export function deltasAndSimilarity(ctx: SectionCtx): { deltas: Json[]; similarity: Json[] } {
  const { sec, issues, base, merge, candidates } = ctx;
  const deltas: Json[] = [];
  const tryDelta = (kind: string, label: string, from: ReportStep, to: ReportStep): void => {
    const a = resp(from);
    const b = resp(to);
    if (a === null || b === null) {
      issues.push(makeIssue('warn', 'evolution_delta_failed', `Failed ${label} delta: missing response for ${(a === null ? from : to).path}`, sec.key));
      return;
    }
    deltas.push(delta(kind, from, to, a, b));
  };
  if (base && merge) tryDelta('base->merge', 'base->merge', base, merge);
  if (base) for (const c of candidates) tryDelta('base->candidate', `base->candidate (${c.path})`, base, c);
  if (merge) for (const c of candidates) tryDelta('candidate->merge', `candidate->merge (${c.path})`, c, merge);

  const similarity: Json[] = [];
  for (let i = 0; i < candidates.length; i += 1) {
    for (let j = i + 1; j < candidates.length; j += 1) {
      const a = resp(candidates[i]!) ?? '';
      const b = resp(candidates[j]!) ?? '';
      similarity.push({ a_path: candidates[i]!.path, b_path: candidates[j]!.path, seq_ratio: round4(seqRatio(a, b)), jaccard: round4(jaccard(a, b)) });
    }
  }

  return { deltas, similarity };
}

export function sectionFindings(ctx: SectionCtx): Json[] {
  const { th, base, merge, candidates, baseText, mergeText } = ctx;
  // Findings (§7.3), thresholds on unrounded values.
  const findings: Json[] = [];
  let topPair: { a: string; b: string; seq: number; jac: number } | null = null;
  for (let i = 0; i < candidates.length; i += 1) {
    for (let j = i + 1; j < candidates.length; j += 1) {
      const a = resp(candidates[i]!) ?? '';
      const b = resp(candidates[j]!) ?? '';
      const seq = seqRatio(a, b);
      const jac = jaccard(a, b);
      if (seq >= th.candidate_redundancy_seq_ratio && jac >= th.candidate_redundancy_jaccard) {
        if (!topPair || seq > topPair.seq || (seq === topPair.seq && jac > topPair.jac)) topPair = { a: candidates[i]!.path, b: candidates[j]!.path, seq, jac };
      }
    }
  }
  if (topPair) {
    findings.push({
      type: 'candidate_redundancy', severity: 'warn', message: 'Candidate drafts appear near-identical (likely redundant refinement).',
      support: { example_pair: { a: topPair.a, b: topPair.b }, seq_ratio: round4(topPair.seq), jaccard: round4(topPair.jac) },
    });
  }
  if (base && merge && baseText !== null && mergeText !== null) {
    const seq = seqRatio(baseText, mergeText);
    const A = words(baseText).slice(0, MAX_SEQ_WORDS);
    const B = words(mergeText).slice(0, MAX_SEQ_WORDS);
    const l = wordLcs(baseText, mergeText);
    const tcr = (A.length - l + (B.length - l)) / Math.max(1, A.length);
    if (seq >= th.low_delta_merge_seq_ratio || tcr <= th.low_delta_merge_token_change_ratio) {
      findings.push({
        type: 'low_delta_merge', severity: 'info', message: 'Merge output is very close to base output (low-value refinement).',
        support: { base: base.path, merge: merge.path, seq_ratio: round4(seq), token_change_ratio: round4(tcr) },
      });
    }
  }
  if (merge && mergeText !== null && candidates.length >= 2) {
    const ranked = candidates
      .map((c) => ({ path: c.path, seq: seqRatio(resp(c) ?? '', mergeText), jac: jaccard(resp(c) ?? '', mergeText) }))
      .sort((a, b) => b.seq - a.seq || b.jac - a.jac);
    const [best, second] = ranked as [typeof ranked[0], typeof ranked[0]];
    if (best.seq >= th.merge_near_single_candidate_seq_ratio && best.seq - second.seq >= th.merge_near_single_candidate_margin && second.seq <= th.merge_near_single_candidate_other_max) {
      findings.push({
        type: 'merge_near_single_candidate', severity: 'info', message: 'Merge output closely matches a single candidate (other branches may be unused).',
        support: { best_candidate: best.path, best_seq_ratio: round4(best.seq), best_jaccard: round4(best.jac), second_seq_ratio: round4(second.seq) },
      });
    }
  }

  return findings;
}
