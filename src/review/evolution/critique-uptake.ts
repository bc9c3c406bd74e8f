/** Critique uptake: suggestions and where they were adopted (review.md §7.4). */
import { makeIssue } from '../report-types.js';
import { round4 } from '../text-utils.js';
import { parseCritique, type Suggestion } from './critique-parse.js';
import { bestBySeqJac, type Json, type SectionCtx } from './section-context.js';
import { preview } from './text-metrics.js';

export interface OkSnippet { critic: string; snippet: string }

export function critiqueUptake(ctx: SectionCtx): { critiqueJson: Json[]; okSnippets: OkSnippet[] } {
  const { th, issues, merge, candidates, critiques, candSegs, mergeSegs } = ctx;
  // Critique uptake (§7.4).
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

  return { critiqueJson, okSnippets };
}
