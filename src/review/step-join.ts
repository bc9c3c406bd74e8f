/** Join of transcript steps with oplog step events (review.md §2.5, §3.2) and step-level issues. */
import type { OplogEvent } from './oplog-parse.js';
import { tsMillis } from './oplog-parse.js';
import { makeIssue, type Issue, type ReportStep, type StepStatus } from './report-types.js';
import { cmpStr, intOrNull, isPlainObject, strOrNull } from './text-utils.js';

/** One transcript step, normalised: its index plus the fields a report step copies from it. */
export interface TranscriptStepIn
  extends Pick<ReportStep, 'path' | 'name' | 'type' | 'prompt' | 'response' | 'prompt_chars' | 'input_chars' | 'context_chars' | 'response_chars'> {
  index: number;
}

interface Occurrence {
  path: string;
  k: number;
  start: OplogEvent | null;
  close: OplogEvent | null;
  failed: boolean;
  firstPos: number;
  used: boolean;
}

export interface JoinResult {
  steps: ReportStep[];
  /** Run-level `unmatched_transcript_step` and `step_event_count_mismatch` issues, in that order. */
  runUnmatched: Issue[];
  runMismatch: Issue[];
}

/** Normalise one transcript step (review.md §2.1); null for non-objects. */
export function readTranscriptStep(raw: unknown, index: number): TranscriptStepIn | null {
  if (!isPlainObject(raw)) return null;
  const str = (k: string): string | null => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : null);
  const name = str('name') ?? str('step_name') ?? str('path') ?? 'unknown';
  const path = str('path') ?? str('name') ?? 'unknown';
  return {
    index,
    path,
    name,
    type: strOrNull(raw.type),
    prompt: strOrNull(raw.prompt),
    response: strOrNull(raw.response),
    prompt_chars: intOrNull(raw.prompt_chars),
    input_chars: intOrNull(raw.input_chars),
    context_chars: intOrNull(raw.context_chars),
    response_chars: intOrNull(raw.response_chars),
  };
}

function occurrences(events: OplogEvent[]): { byPath: Map<string, Occurrence[]>; counts: Map<string, { s: number; e: number }> } {
  const starts = new Map<string, OplogEvent[]>();
  const closes = new Map<string, OplogEvent[]>();
  for (const ev of events) {
    const p = typeof ev.data.path === 'string' ? ev.data.path : null;
    if (!p) continue;
    if (ev.type === 'step_start') (starts.get(p) ?? starts.set(p, []).get(p)!).push(ev);
    else if (ev.type === 'step_end' || ev.type === 'step_error') (closes.get(p) ?? closes.set(p, []).get(p)!).push(ev);
  }
  const byPath = new Map<string, Occurrence[]>();
  const counts = new Map<string, { s: number; e: number }>();
  for (const p of new Set([...starts.keys(), ...closes.keys()])) {
    const s = starts.get(p) ?? [];
    const c = closes.get(p) ?? [];
    counts.set(p, { s: s.length, e: c.length });
    const list: Occurrence[] = [];
    for (let k = 0; k < Math.max(s.length, c.length); k += 1) {
      const start = s[k] ?? null;
      const close = c[k] ?? null;
      const firstPos = Math.min(start?.position ?? Infinity, close?.position ?? Infinity);
      list.push({ path: p, k, start, close, failed: close?.type === 'step_error', firstPos, used: false });
    }
    byPath.set(p, list);
  }
  return { byPath, counts };
}

const numKv = (ev: OplogEvent | null, key: string): number | null => (ev ? intOrNull(ev.data[key]) : null);

function occTiming(occ: Occurrence | null): ReportStep['timing'] {
  if (!occ) return { start_ts: null, end_ts: null, duration_ms: null };
  const start = occ.start?.timestamp ?? null;
  const end = occ.close?.timestamp ?? null;
  const kv = occ.close ? occ.close.data.duration_ms : undefined;
  let duration: number | null = typeof kv === 'number' && Number.isFinite(kv) ? kv : null;
  if (duration === null) {
    const a = tsMillis(start);
    const b = tsMillis(end);
    duration = a !== null && b !== null ? b - a : null;
  }
  return { start_ts: start, end_ts: end, duration_ms: duration };
}

function occStatus(occ: Occurrence | null): StepStatus {
  if (!occ) return 'no_oplog';
  if (occ.failed) return 'failed';
  if (occ.close) return 'ok';
  return 'incomplete';
}

function occIssues(occ: Occurrence, path: string): Issue[] {
  const out: Issue[] = [];
  if (occ.start && !occ.close) out.push(makeIssue('warn', 'step_missing_end', `No end event for ${path}`, path));
  if (!occ.start && occ.close) out.push(makeIssue('warn', 'step_missing_start', `No start event for ${path}`, path));
  if (occ.failed) {
    const detail = occ.close && typeof occ.close.data.detail === 'string' && occ.close.data.detail !== '' ? `: ${occ.close.data.detail}` : '';
    out.push(makeIssue('error', 'step_failed', `Step failed: ${path}${detail}`, path));
  }
  return out;
}

export function joinSteps(tsteps: TranscriptStepIn[], events: OplogEvent[], oplogRead: boolean): JoinResult {
  const { byPath, counts } = occurrences(events);
  const mismatchIssue = (p: string): Issue | null => {
    const c = counts.get(p);
    if (!c || c.s === c.e) return null;
    return makeIssue('warn', 'step_event_count_mismatch', `Oplog has ${c.s} step_start and ${c.e} step_end events for ${p}`, p);
  };
  const steps: ReportStep[] = [];
  const runUnmatched: Issue[] = [];
  const taken = new Map<string, number>();
  for (const t of tsteps) {
    const n = taken.get(t.path) ?? 0;
    taken.set(t.path, n + 1);
    const occ = (byPath.get(t.path) ?? []).filter((o) => !o.failed)[n] ?? null;
    if (occ) occ.used = true;
    const issues: Issue[] = [];
    if (!occ && oplogRead) {
      const iss = makeIssue('warn', 'unmatched_transcript_step', `Step present only in transcript: ${t.path}`, t.path);
      issues.push(iss);
      runUnmatched.push({ ...iss });
    }
    const mm = mismatchIssue(t.path);
    if (mm) issues.push(mm);
    if (occ) issues.push(...occIssues(occ, t.path));
    if (t.response !== null && t.response.trim() === '') issues.push(makeIssue('warn', 'empty_response', `Empty response for ${t.path}`, t.path));
    if (t.context_chars !== null && t.context_chars > 5000) issues.push(makeIssue('info', 'large_context', `Large context_chars=${t.context_chars}`, t.path));
    if (t.input_chars !== null && t.input_chars > 25000) issues.push(makeIssue('info', 'large_input', `Large input_chars=${t.input_chars}`, t.path));
    steps.push({
      step_index: t.index,
      transcript_index: t.index,
      path: t.path,
      name: t.name,
      type: t.type,
      status: occStatus(occ),
      prompt: t.prompt,
      response: t.response,
      prompt_chars: t.prompt_chars,
      input_chars: t.input_chars,
      context_chars: t.context_chars,
      response_chars: t.response_chars,
      oplog_prompt_chars: numKv(occ?.start ?? null, 'prompt_chars'),
      oplog_input_chars: numKv(occ?.start ?? null, 'input_chars'),
      oplog_context_chars: numKv(occ?.start ?? null, 'context_chars'),
      oplog_response_chars: occ?.close && !occ.failed ? (numKv(occ.close, 'response_chars') ?? numKv(occ.close, 'chars')) : null,
      timing: occTiming(occ),
      issues,
    });
  }
  const rest: Occurrence[] = [];
  for (const list of byPath.values()) for (const o of list) if (!o.used) rest.push(o);
  rest.sort((a, b) => a.firstPos - b.firstPos || cmpStr(a.path, b.path) || a.k - b.k);
  let idx = tsteps.length;
  for (const occ of rest) {
    const issues: Issue[] = [];
    const mm = mismatchIssue(occ.path);
    if (mm) issues.push(mm);
    issues.push(...occIssues(occ, occ.path));
    if (!occ.failed) issues.push(makeIssue('warn', 'unmatched_oplog_step', `Step appears in oplog but not transcript: ${occ.path}`, occ.path));
    const segs = occ.path.split('/');
    steps.push({
      step_index: idx,
      transcript_index: null,
      path: occ.path,
      name: segs[segs.length - 1] || occ.path,
      type: null,
      status: occStatus(occ),
      prompt: null,
      response: null,
      prompt_chars: null,
      input_chars: null,
      context_chars: null,
      response_chars: null,
      oplog_prompt_chars: numKv(occ.start, 'prompt_chars'),
      oplog_input_chars: numKv(occ.start, 'input_chars'),
      oplog_context_chars: numKv(occ.start, 'context_chars'),
      oplog_response_chars: occ.close && !occ.failed ? (numKv(occ.close, 'response_chars') ?? numKv(occ.close, 'chars')) : null,
      timing: occTiming(occ),
      issues,
    });
    idx += 1;
  }
  const runMismatch: Issue[] = [];
  for (const p of [...counts.keys()].sort(cmpStr)) {
    const mm = mismatchIssue(p);
    if (mm) runMismatch.push(mm);
  }
  return { steps, runUnmatched, runMismatch };
}
