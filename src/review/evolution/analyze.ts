/** Evolution analysis per section (review.md §7.3–§7.5, JSON §7.7). */
import { makeIssue, type Issue, type ReportStep } from '../report-types.js';
import { cmpStr, isPlainObject, round4 } from '../text-utils.js';
import { parseCritique, type Suggestion } from './critique-parse.js';
import { buildSections, type SectionNodes } from './sections.js';
import { combined, content, jaccard, lcsLength, MAX_SEQ_WORDS, nonEmptyLines, preview, segments, sentences, seqRatio, words } from './text-metrics.js';
import { effectiveThresholds, type EvolutionThresholds } from './thresholds.js';

type Json = Record<string, unknown>;
const resp = (s: ReportStep | null): string | null => (s && typeof s.response === 'string' ? s.response.trim() : null);

function delta(kind: string, from: ReportStep, to: ReportStep, a: string, b: string): Json {
  const A = words(a).slice(0, MAX_SEQ_WORDS);
  const B = words(b).slice(0, MAX_SEQ_WORDS);
  const l = lcsLength(A, B);
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

interface Scored { seq: number; jac: number; comb: number; seg: string; index: number }

function bestSegment(text: string, segs: string[]): Scored | null {
  let best: Scored | null = null;
  segs.forEach((seg, index) => {
    const seq = seqRatio(text, seg);
    const jac = jaccard(text, seg);
    const comb = combined(seq, jac);
    if (!best || comb > best.comb) best = { seq, jac, comb, seg, index };
  });
  return best;
}

function bestBySeqJac(text: string, segs: string[]): Scored | null {
  let best: Scored | null = null;
  segs.forEach((seg, index) => {
    const seq = seqRatio(text, seg);
    const jac = jaccard(text, seg);
    if (!best || seq > best.seq || (seq === best.seq && jac > best.jac)) best = { seq, jac, comb: combined(seq, jac), seg, index };
  });
  return best;
}

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

function analyzeSection(sec: SectionNodes, th: EvolutionThresholds, context: unknown): Json {
  const issues: Issue[] = [...sec.issues];
  const { base, merge, candidates, critiques } = sec;
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
  const baseText = resp(base);
  const mergeText = resp(merge);
  if (base && merge && baseText !== null && mergeText !== null) {
    const seq = seqRatio(baseText, mergeText);
    const A = words(baseText).slice(0, MAX_SEQ_WORDS);
    const B = words(mergeText).slice(0, MAX_SEQ_WORDS);
    const l = lcsLength(A, B);
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

  // Critique uptake (§7.4).
  const candSegs = candidates.map((c) => segments(resp(c) ?? ''));
  const mergeSegs = segments(mergeText ?? '');
  const critiqueJson: Json[] = [];
  const okSnippets: { critic: string; snippet: string }[] = [];
  for (const cr of critiques) {
    const parsed = parseCritique(typeof cr.response === 'string' ? cr.response : null);
    let inCands = 0;
    let inMerge = 0;
    const sugg = parsed.suggestions.map((s: Suggestion) => {
      const adopted: Json[] = [];
      let hitC = false;
      let hitM = false;
      const check = (targetPath: string, kind: 'candidate' | 'merge', segs: string[]): void => {
        const b = bestBySeqJac(s.snippet, segs);
        if (b && b.seq >= th.suggestion_adopted_seq_ratio && b.jac >= th.suggestion_adopted_jaccard) {
          adopted.push({ target_path: targetPath, target_kind: kind, segment_preview: preview(b.seg, th.max_segment_preview_chars), seq_ratio: round4(b.seq), jaccard: round4(b.jac) });
          if (kind === 'candidate') hitC = true;
          else hitM = true;
        }
      };
      candidates.forEach((c, i) => check(c.path, 'candidate', candSegs[i] as string[]));
      if (merge) check(merge.path, 'merge', mergeSegs);
      if (hitC) inCands += 1;
      if (hitM) inMerge += 1;
      return { snippet: s.snippet, source_bullet: s.source_bullet, extracted_via: s.extracted_via, adopted_in: adopted };
    });
    if (parsed.parse_status === 'ok') for (const s of parsed.suggestions) okSnippets.push({ critic: cr.path, snippet: s.snippet });
    else issues.push(makeIssue('warn', 'evolution_unparseable_critique', `Could not parse critique edits suggestions for ${cr.path}: ${parsed.warnings[0] ?? 'no suggestions extracted'}`, cr.path));
    critiqueJson.push({
      critic_path: cr.path, suggestions_total: parsed.suggestions.length, adopted_in_candidates_count: inCands, adopted_in_merge_count: inMerge,
      parse_status: parsed.parse_status, warnings: parsed.warnings, suggestions: sugg,
    });
  }

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

  const nodes = sec.ordered.filter((s) => s === base || s === merge || candidates.includes(s) || critiques.includes(s));
  if (base && sec.baseInherited) nodes.unshift(base);
  return {
    section_key: sec.key, ordering: sec.ordering,
    base_path: base?.path ?? null, base_step_index: base?.step_index ?? null, base_inherited: sec.baseInherited,
    merge_path: merge?.path ?? null, merge_step_index: merge?.step_index ?? null,
    candidate_paths: candidates.map((c) => c.path), candidate_step_indices: candidates.map((c) => c.step_index),
    critique_paths: critiques.map((c) => c.path), critique_step_indices: critiques.map((c) => c.step_index),
    node_paths_in_order: nodes.map((n) => n.path), node_step_indices_in_order: nodes.map((n) => n.step_index),
    deltas, candidate_similarity: similarity, findings, critiques: critiqueJson,
    merge_provenance: mergeProv, merge_branch_contributions: contributions,
    critique_provenance_targets: targets.map((t) => t.path), critique_provenance_target_step_indices: targets.map((t) => t.step_index),
    critique_provenance_by_critic: byCritic, critique_provenance_unattributed_by_target: unattributed,
    critique_provenance_segments_total_by_target: segTotals,
    term_first_seen: termFirstSeen, node_introduced_terms: introduced, issues,
  };
}

export function analyzeEvolution(steps: ReportStep[], context: unknown, overrides: Partial<EvolutionThresholds>): { json: Json; issues: Issue[] } {
  const th = effectiveThresholds(overrides);
  const sections = buildSections(steps).map((s) => analyzeSection(s, th, context));
  const issues = sections.flatMap((s) => s.issues as Issue[]);
  return { json: { config: { thresholds: th }, sections }, issues };
}
