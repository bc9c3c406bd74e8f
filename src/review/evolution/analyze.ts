/** Evolution analysis per section (review.md §7.3–§7.5, JSON §7.7). */
import type { Issue, ReportStep } from '../report-types.js';
import { critiqueUptake } from './critique-uptake.js';
import { deltasAndSimilarity, sectionFindings } from './deltas-findings.js';
import { critiqueProvenance, mergeProvenance } from './provenance.js';
import { resp, type Json, type SectionCtx } from './section-context.js';
import { buildSections, type SectionNodes } from './sections.js';
import { termTracing } from './terms.js';
import { segments, withTokenCache } from './text-metrics.js';
import { effectiveThresholds, type EvolutionThresholds } from './thresholds.js';

function analyzeSection(sec: SectionNodes, th: EvolutionThresholds, context: unknown): Json {
  const { base, merge, candidates, critiques } = sec;
  const mergeText = resp(merge);
  const ctx: SectionCtx = {
    sec, th, issues: [...sec.issues], base, merge, candidates, critiques,
    baseText: resp(base), mergeText,
    candSegs: candidates.map((c) => segments(resp(c) ?? '')), mergeSegs: segments(mergeText ?? ''),
  };
  const issues = ctx.issues;
  const { deltas, similarity } = deltasAndSimilarity(ctx);
  const findings = sectionFindings(ctx);
  const { critiqueJson, okSnippets } = critiqueUptake(ctx);
  const { mergeProv, contributions, mergeOrigins } = mergeProvenance(ctx, okSnippets);
  const critiqueProv = critiqueProvenance(ctx, okSnippets, mergeOrigins);
  const { termFirstSeen, introduced } = termTracing(ctx, context);

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
    ...critiqueProv,
    term_first_seen: termFirstSeen, node_introduced_terms: introduced, issues,
  };
}

export function analyzeEvolution(steps: ReportStep[], context: unknown, overrides: Partial<EvolutionThresholds>): { json: Json; issues: Issue[] } {
  const th = effectiveThresholds(overrides);
  const sections = withTokenCache(() => buildSections(steps).map((s) => analyzeSection(s, th, context)));
  const issues = sections.flatMap((s) => s.issues as Issue[]);
  return { json: { config: { thresholds: th }, sections }, issues };
}

