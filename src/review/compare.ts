/** Run comparison model (review.md §5). */
import { effectiveDurationMs } from './report-build.js';
import type { ReportStep, RunReport } from './report-types.js';
import { cmpStr, deepEqual, isPlainObject, round4, wordCount } from './text-utils.js';
import { seqRatio } from './evolution/text-metrics.js';
import { wordDiff, type DiffOp } from './word-diff.js';

export interface RunCompare {
  schema_version: 1;
  kind: 'run_compare';
  run_a: Record<string, unknown>;
  run_b: Record<string, unknown>;
  added_steps: string[];
  removed_steps: string[];
  metadata_changes: Record<string, { run_a: unknown; run_b: unknown }>;
  injector_diffs: string[];
  post_processing_diffs: string[];
  final_prompt: {
    a: string | null; b: string | null; a_source: string | null; b_source: string | null; equal: boolean;
    similarity: number | null; a_words: number | null; b_words: number | null; diff: DiffOp[] | null; diff_truncated: boolean;
  };
  steps: Record<string, unknown>[];
  timing: { a_duration_ms: number | null; b_duration_ms: number | null; duration_ms_delta: number | null };
  images: { a: string | null; b: string | null };
}

const truthy = (v: unknown): boolean => {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
};

function sub(o: Record<string, unknown> | null, k: string): unknown {
  return o && o[k] !== undefined ? o[k] : null;
}

function tagsOf(exp: Record<string, unknown> | null): unknown {
  const t = sub(exp, 'tags');
  if (!Array.isArray(t)) return t;
  return t.filter((x): x is string => typeof x === 'string' && x.trim() !== '').sort(cmpStr);
}

function runSummary(r: RunReport): Record<string, unknown> {
  return {
    generation_id: r.metadata.generation_id,
    variant: sub(r.metadata.experiment, 'variant'),
    outcome: r.run_timing.outcome,
    duration_ms: effectiveDurationMs(r),
    transcript: r.metadata.artifact_paths.transcript,
    oplog: r.metadata.artifact_paths.oplog,
    final_prompt_source: r.metadata.final_prompt_source,
  };
}

function injectorMessages(r: RunReport): Set<string> {
  return new Set(r.issues.filter((i) => i.code === 'context_injector').map((i) => i.message));
}

function strength(msgs: Set<string>): string {
  const all = [...msgs].join('\n').toLowerCase();
  return all.includes('must adopt') ? 'must' : all.includes('should adopt') ? 'should' : 'none';
}

function upscaleFormats(r: RunReport): string[] {
  const s = new Set<string>();
  for (const se of r.side_effects) if (se.type === 'upscale' && typeof se.data.format === 'string') s.add(se.data.format);
  return [...s].sort(cmpStr);
}

export function stepChars(s: ReportStep): number | null {
  if (s.response_chars !== null) return s.response_chars;
  if (s.response !== null) return [...s.response].length;
  return s.oplog_response_chars;
}

const delta = (a: number | null, b: number | null): number | null => (a !== null && b !== null ? b - a : null);

export function buildRunCompare(a: RunReport, b: RunReport): RunCompare {
  const pathsA = new Set(a.steps.map((s) => s.path));
  const pathsB = new Set(b.steps.map((s) => s.path));
  const changes: RunCompare['metadata_changes'] = {};
  const ma = a.metadata;
  const mb = b.metadata;
  for (const k of ['context', 'title_generation', 'concept_filter_log', 'experiment', 'prompt_pipeline'] as const) {
    if (truthy(ma[k]) !== truthy(mb[k])) changes[k] = { run_a: ma[k] ?? null, run_b: mb[k] ?? null };
  }
  const valueKeys: [string, (m: typeof ma) => unknown][] = [
    ['experiment.id', (m) => sub(m.experiment, 'id')],
    ['experiment.variant', (m) => sub(m.experiment, 'variant')],
    ['experiment.notes', (m) => sub(m.experiment, 'notes')],
    ['experiment.tags', (m) => tagsOf(m.experiment)],
    ['prompt_pipeline.requested_plan', (m) => sub(m.prompt_pipeline, 'requested_plan')],
    ['prompt_pipeline.plan', (m) => sub(m.prompt_pipeline, 'plan')],
    ['prompt_pipeline.capture_stage', (m) => sub(m.prompt_pipeline, 'capture_stage')],
    ['prompt_pipeline.resolved_stages', (m) => sub(m.prompt_pipeline, 'resolved_stages')],
  ];
  for (const [k, get] of valueKeys) {
    const va = get(ma);
    const vb = get(mb);
    if (!deepEqual(va, vb)) changes[k] = { run_a: va, run_b: vb };
  }

  const injA = injectorMessages(a);
  const injB = injectorMessages(b);
  const injector: string[] = [];
  const added = [...injB].filter((x) => !injA.has(x)).sort(cmpStr);
  const removed = [...injA].filter((x) => !injB.has(x)).sort(cmpStr);
  if (added.length) injector.push(`Injector logs added: ${added[0]}${added.length > 1 ? ' (and more)' : ''}`);
  if (removed.length) injector.push(`Injector logs removed: ${removed[0]}${removed.length > 1 ? ' (and more)' : ''}`);
  const sa = strength(injA);
  const sb = strength(injB);
  if (sa !== sb) injector.push(`Injector adoption strength changed: ${sa} -> ${sb}`);

  const fa = upscaleFormats(a);
  const fb = upscaleFormats(b);
  const post = deepEqual(fa, fb) ? [] : [`Upscale log format changed: ${fa.join(', ') || 'none'} -> ${fb.join(', ') || 'none'}`];

  const pa = ma.final_prompt;
  const pb = mb.final_prompt;
  const both = pa !== null && pb !== null;
  const wd = both ? wordDiff(pa, pb) : null;

  const occ = (steps: ReportStep[]): Map<string, ReportStep> => {
    const seen = new Map<string, number>();
    const out = new Map<string, ReportStep>();
    for (const s of steps) {
      const k = seen.get(s.path) ?? 0;
      seen.set(s.path, k + 1);
      out.set(`${k}\u0000${s.path}`, s);
    }
    return out;
  };
  const oa = occ(a.steps);
  const ob = occ(b.steps);
  const keys = [...oa.keys(), ...[...ob.keys()].filter((k) => !oa.has(k))];
  const steps = keys.map((key) => {
    const [k, p] = key.split('\u0000') as [string, string];
    const sa2 = oa.get(key) ?? null;
    const sb2 = ob.get(key) ?? null;
    const ca = sa2 ? stepChars(sa2) : null;
    const cb = sb2 ? stepChars(sb2) : null;
    const da = sa2?.timing.duration_ms ?? null;
    const db = sb2?.timing.duration_ms ?? null;
    return {
      path: p, occurrence: Number(k),
      a_step_index: sa2?.step_index ?? null, b_step_index: sb2?.step_index ?? null,
      a_status: sa2?.status ?? null, b_status: sb2?.status ?? null,
      a_response_chars: ca, b_response_chars: cb, response_chars_delta: delta(ca, cb),
      a_duration_ms: da, b_duration_ms: db, duration_ms_delta: delta(da, db),
      response_similarity: sa2?.response != null && sb2?.response != null ? round4(seqRatio(sa2.response, sb2.response)) : null,
    };
  });
  const ea = effectiveDurationMs(a);
  const eb = effectiveDurationMs(b);
  return {
    schema_version: 1,
    kind: 'run_compare',
    run_a: runSummary(a),
    run_b: runSummary(b),
    added_steps: [...pathsB].filter((p) => !pathsA.has(p)).sort(cmpStr),
    removed_steps: [...pathsA].filter((p) => !pathsB.has(p)).sort(cmpStr),
    metadata_changes: changes,
    injector_diffs: injector,
    post_processing_diffs: post,
    final_prompt: {
      a: pa, b: pb, a_source: ma.final_prompt_source, b_source: mb.final_prompt_source,
      equal: pa === pb,
      similarity: both ? round4(seqRatio(pa, pb)) : null,
      a_words: pa !== null ? wordCount(pa) : null,
      b_words: pb !== null ? wordCount(pb) : null,
      diff: wd ? wd.diff : null,
      diff_truncated: wd ? wd.truncated : false,
    },
    steps,
    timing: { a_duration_ms: ea, b_duration_ms: eb, duration_ms_delta: delta(ea, eb) },
    images: { a: ma.artifact_paths.image ?? null, b: mb.artifact_paths.image ?? null },
  };
}
