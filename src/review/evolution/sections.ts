/** Sections and nodes of the evolution analysis (review.md §7.2). */
import type { Issue, ReportStep } from '../report-types.js';
import { makeIssue } from '../report-types.js';
import { cmpStr, sectionKey } from '../text-utils.js';

export interface SectionNodes {
  key: string;
  ordering: string;
  ordered: ReportStep[];
  base: ReportStep | null;
  baseInherited: boolean;
  merge: ReportStep | null;
  candidates: ReportStep[];
  critiques: ReportStep[];
  issues: Issue[];
}

function lastSeg(p: string): string {
  const segs = p.split('/');
  return (segs[segs.length - 1] ?? '').toLowerCase();
}

export function nodeKind(p: string): 'base' | 'merge' | 'candidate' | 'critique' | null {
  const s = lastSeg(p);
  if (s === 'draft') return 'base';
  if (s === 'final_consensus') return 'merge';
  if (/^consensus(?:_\d+)?$/.test(s)) return 'candidate';
  if (p.includes('/tot_enclave/')) return 'critique';
  return null;
}

function orderSteps(steps: ReportStep[]): { ordered: ReportStep[]; ordering: string } {
  const withTs = steps.filter((s) => s.timing.start_ts !== null).length;
  if (withTs > 0) {
    const ordered = [...steps].sort((a, b) => {
      const ha = a.timing.start_ts !== null ? 0 : 1;
      const hb = b.timing.start_ts !== null ? 0 : 1;
      if (ha !== hb) return ha - hb;
      const t = cmpStr(a.timing.start_ts ?? '', b.timing.start_ts ?? '');
      if (t !== 0) return t;
      const ta = a.transcript_index ?? Number.MAX_SAFE_INTEGER;
      const tb = b.transcript_index ?? Number.MAX_SAFE_INTEGER;
      return ta - tb || a.step_index - b.step_index || cmpStr(a.path, b.path);
    });
    return { ordered, ordering: withTs === steps.length ? 'oplog_start_ts' : 'oplog_start_ts_partial' };
  }
  if (steps.every((s) => s.transcript_index !== null)) {
    return { ordered: [...steps].sort((a, b) => (a.transcript_index as number) - (b.transcript_index as number)), ordering: 'transcript_index' };
  }
  return { ordered: [...steps].sort((a, b) => a.step_index - b.step_index), ordering: 'step_index' };
}

/** De-duplicate by path: the last occurrence, placed at the path's first position. */
function dedupe(nodes: ReportStep[]): ReportStep[] {
  const firstPos = new Map<string, number>();
  const last = new Map<string, ReportStep>();
  nodes.forEach((n, i) => {
    if (!firstPos.has(n.path)) firstPos.set(n.path, i);
    last.set(n.path, n);
  });
  return [...firstPos.entries()].sort((a, b) => a[1] - b[1]).map(([p]) => last.get(p) as ReportStep);
}

export function buildSections(allSteps: ReportStep[]): SectionNodes[] {
  const groups = new Map<string, ReportStep[]>();
  for (const s of allSteps) {
    const key = sectionKey(s.path);
    if (!key.startsWith('pipeline/')) continue;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(s);
  }
  const out: SectionNodes[] = [];
  for (const key of [...groups.keys()].sort(cmpStr)) {
    const { ordered, ordering } = orderSteps(groups.get(key) as ReportStep[]);
    const issues: Issue[] = [];
    const bases = ordered.filter((s) => nodeKind(s.path) === 'base');
    const merges = ordered.filter((s) => nodeKind(s.path) === 'merge');
    const candAll = ordered.filter((s) => nodeKind(s.path) === 'candidate');
    const critAll = ordered.filter((s) => nodeKind(s.path) === 'critique');
    let base = bases[bases.length - 1] ?? null;
    const merge = merges[merges.length - 1] ?? null;
    if (bases.length > 1) issues.push(makeIssue('info', 'evolution_multiple_base_steps', `Multiple /draft steps found; using last by ordering: ${base!.path}`, key));
    if (merges.length > 1) issues.push(makeIssue('info', 'evolution_multiple_merge_steps', `Multiple /final_consensus steps found; using last by ordering: ${merge!.path}`, key));
    const candidates = dedupe(candAll);
    const critiques = dedupe(critAll);
    if (candidates.length < candAll.length) {
      issues.push(makeIssue('info', 'evolution_deduped_candidates', `Collapsed ${candAll.length} candidate steps to ${candidates.length} unique paths (kept last occurrence per path).`, key));
    }
    if (critiques.length < critAll.length) {
      issues.push(makeIssue('info', 'evolution_deduped_critiques', `Collapsed ${critAll.length} critique steps to ${critiques.length} unique paths (kept last occurrence per path).`, key));
    }
    let baseInherited = false;
    if (!base && (candidates.length > 0 || merge)) {
      const firstIdx = Math.min(...(groups.get(key) as ReportStep[]).map((s) => s.step_index));
      const earlier = allSteps
        .filter((s) => sectionKey(s.path) !== key && s.step_index < firstIdx && typeof s.response === 'string' && s.response.trim() !== '')
        .sort((a, b) => b.step_index - a.step_index)[0];
      if (earlier) {
        base = earlier;
        baseInherited = true;
        issues.push(makeIssue('info', 'evolution_base_inherited', `No /draft step in section; using preceding step ${earlier.path} as base.`, key));
      }
    }
    if (!base) issues.push(makeIssue('warn', 'evolution_incomplete', 'Evolution base node missing (no /draft step found).', key));
    if (!merge) issues.push(makeIssue('warn', 'evolution_incomplete', 'Evolution merge node missing (no /final_consensus step found).', key));
    if (candidates.length === 0) issues.push(makeIssue('info', 'evolution_incomplete', 'No candidate nodes found (no /consensus(_N) steps).', key));
    out.push({ key, ordering, ordered, base, baseInherited, merge, candidates, critiques, issues });
  }
  return out;
}
