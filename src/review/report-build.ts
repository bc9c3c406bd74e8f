/** Build the single-run report model from a loaded transcript and oplog (review.md §3). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseOplogText, tsMillis, type ParsedOplog } from './oplog-parse.js';
import { joinSteps, readTranscriptStep, type TranscriptStepIn } from './step-join.js';
import { makeIssue, PARSER_VERSION, type Issue, type ReportStep, type RunReport, type RunTiming } from './report-types.js';
import { deepEqual, isPlainObject, pct1, strOrNull } from './text-utils.js';
import { readTextLenient } from './read-inputs.js';
import { analyzeEvolution, type EvolutionThresholds } from './evolution/index.js';
import { resolveImage } from './locate-image.js';

export interface ReportInputs {
  /** CLI or inferred id (file names, mismatch check). */
  cliId: string;
  transcript: Record<string, unknown> | null;
  transcriptPath: string | null;
  oplogText: string | null;
  oplogPath: string | null;
  missingTranscript: boolean;
  missingOplog: boolean;
  evolution: boolean;
  thresholds?: Partial<EvolutionThresholds>;
  imageDirs: string[];
  toolVersion: string;
  /** Called when an image is found while `image_path` was null (prints `inferred image path`). */
  onInferredImage?: (p: string) => void;
}

const obj = (v: unknown): Record<string, unknown> | null => (isPlainObject(v) ? v : null);
const has = (o: Record<string, unknown> | null, k: string): boolean => o !== null && Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

function pick(t: Record<string, unknown> | null, meta: Record<string, unknown> | null, key: string, metaKey = key): unknown {
  if (has(t, key) && t![key] !== null) return t![key];
  if (has(meta, metaKey) && meta![metaKey] !== null) return meta![metaKey];
  return has(t, key) ? t![key] : null;
}

function runFailedMessage(phase: unknown, type: unknown, message: unknown): string {
  let s = 'Run failed';
  if (typeof phase === 'string' && phase !== '') s += ` during phase ${phase}`;
  const tail = [type, message].filter((x): x is string => typeof x === 'string' && x !== '');
  if (tail.length > 0) s += `: ${tail.join(': ')}`;
  return s;
}

function likelyFinalStep(steps: ReportStep[], captureStage: string | null): ReportStep | null {
  const withResp = steps.filter((s) => typeof s.response === 'string' && s.response.trim() !== '');
  if (captureStage) {
    const prefix = `pipeline/${captureStage}/`;
    const under = withResp.filter((s) => s.path.startsWith(prefix));
    if (under.length > 0) return under.reduce((a, b) => (b.step_index > a.step_index ? b : a));
  }
  const score = (p: string): number => {
    let sc = 0;
    if (p.includes('image_prompt_creation') || p.includes('dalle_prompt_creation')) sc += 2;
    if (p.endsWith('/final_consensus')) sc += 4;
    else if (/\/consensus(?:_\d+)?$/.test(p)) sc += 3;
    else if (p.includes('consensus')) sc += 1;
    return sc;
  };
  let best: ReportStep | null = null;
  for (const s of withResp) {
    if (!best) {
      best = s;
      continue;
    }
    const a = score(s.path) - score(best.path);
    const ta = s.timing.start_ts ?? '';
    const tb = best.timing.start_ts ?? '';
    const better = a > 0 || (a === 0 && (ta > tb || (ta === tb && s.path > best.path)));
    if (better) best = s;
  }
  return best;
}

export function likelyFinalStepOf(report: RunReport): ReportStep | null {
  const pp = report.metadata.prompt_pipeline;
  return likelyFinalStep(report.steps, pp && typeof pp.capture_stage === 'string' ? pp.capture_stage : null);
}

function oplogIssues(parsed: ParsedOplog, oplogPath: string | null): Issue[] {
  const st = parsed.stats;
  const out: Issue[] = [];
  const pt = `${st.parsed_lines}/${st.total_lines}`;
  const cov = st.total_lines === 0 ? 0 : st.parsed_lines / st.total_lines;
  if (st.total_lines === 0) out.push(makeIssue('warn', 'oplog_empty', 'Oplog is empty', null, oplogPath));
  else if (st.unparsed_lines / st.total_lines >= 0.95) {
    out.push(makeIssue('error', 'oplog_parse_failed', `Oplog header parse failed: parsed ${pt} lines (coverage ${pct1(cov)}%).`, null, oplogPath));
  } else if (st.parsed_lines > 0 && st.event_count === 0) {
    out.push(makeIssue('warn', 'oplog_parse_failed', `Oplog semantic parse produced 0 events (${pt} headers parsed). Log formats may have changed.`, null, oplogPath));
  } else if (cov < 0.9) {
    out.push(makeIssue('warn', 'oplog_low_coverage', `Oplog header parse coverage low: parsed ${pt} lines (coverage ${pct1(cov)}%).`, null, oplogPath));
  }
  return out;
}

function runTiming(parsed: ParsedOplog | null, failed: boolean): RunTiming {
  const evs = parsed?.events ?? [];
  const starts = evs.filter((e) => e.type === 'run_start').map((e) => e.timestamp).sort();
  const ends = evs.filter((e) => e.type === 'run_end' || e.type === 'run_failed').map((e) => e.timestamp).sort();
  const start = starts[0] ?? null;
  const end = ends[ends.length - 1] ?? null;
  const a = tsMillis(start);
  const b = tsMillis(end);
  const hasFailed = failed || evs.some((e) => e.type === 'run_failed');
  const outcome = hasFailed ? 'failed' : evs.some((e) => e.type === 'run_end') ? 'success' : 'unknown';
  return { start_ts: start, end_ts: end, runtime_ms: a !== null && b !== null ? b - a : null, outcome };
}

/** Effective duration (HTML, comparisons): runtime_ms, else max step end − min step start. */
export function effectiveDurationMs(report: RunReport): number | null {
  if (report.run_timing.runtime_ms !== null) return report.run_timing.runtime_ms;
  const starts = report.steps.map((s) => tsMillis(s.timing.start_ts)).filter((x): x is number => x !== null);
  const ends = report.steps.map((s) => tsMillis(s.timing.end_ts)).filter((x): x is number => x !== null);
  if (starts.length === 0 || ends.length === 0) return null;
  return Math.max(...ends) - Math.min(...starts);
}

export function buildRunReport(inp: ReportInputs): RunReport {
  const t = inp.transcript;
  const meta = obj(t?.metadata);
  const parsed = inp.oplogText !== null ? parseOplogText(inp.oplogText) : null;
  const events = parsed?.events ?? [];
  const issues: Issue[] = [];
  const tp = inp.transcriptPath;
  const op = inp.oplogPath;

  if (inp.missingTranscript) issues.push(makeIssue('warn', 'missing_transcript', 'Transcript missing', null, tp));
  if (inp.missingOplog) issues.push(makeIssue('warn', 'missing_oplog', 'Oplog missing', null, op));
  if (parsed) issues.push(...oplogIssues(parsed, op));

  const tsteps: TranscriptStepIn[] = [];
  if (t) {
    const rawSteps = Array.isArray(t.steps) ? (t.steps as unknown[]) : [];
    if (rawSteps.length === 0) issues.push(makeIssue('warn', 'empty_transcript_steps', 'Transcript contains no steps', null, tp));
    rawSteps.forEach((raw, i) => {
      const s = readTranscriptStep(raw, tsteps.length);
      if (s) tsteps.push(s);
      else issues.push(makeIssue('warn', 'invalid_transcript_step', `Transcript step ${i} is not an object`, null, tp));
    });
  }

  const tid = strOrNull(t?.generation_id) ?? strOrNull(meta?.generation_id) ?? strOrNull(t?.id);
  const generationId = tid ?? (inp.cliId || 'unknown');
  if (tid !== null && inp.cliId !== 'unknown' && tid !== inp.cliId) {
    issues.push(makeIssue('warn', 'generation_id_mismatch', `Transcript generation_id ${tid} differs from requested id ${inp.cliId}`, null, tp));
  }

  let seed = pick(t, meta, 'seed');
  if (seed === null || seed === undefined) {
    const ev = events.find((e) => e.type === 'seed_selection');
    seed = ev ? (ev.data.seed ?? null) : null;
  }
  const errorValue = pick(t, meta, 'error');
  const error = isPlainObject(errorValue) ? errorValue : null;
  if (error) {
    issues.push(makeIssue('error', 'run_failed', runFailedMessage(error.phase, error.type, error.message), strOrNull(error.path), tp));
  } else {
    const ev = events.find((e) => e.type === 'run_failed');
    if (ev) issues.push(makeIssue('error', 'run_failed', runFailedMessage(ev.data.phase, null, null), null, op));
  }
  for (const ev of events) {
    if (ev.type === 'config_default' || ev.type === 'config_warning') {
      const sev = ev.level === 'WARN' || ev.level === 'WARNING' ? 'warn' : 'info';
      issues.push(makeIssue(sev, ev.type, ev.message, null, op));
    }
  }
  for (const ev of events) {
    if (ev.type !== 'context_injector') continue;
    const msg = Array.isArray(ev.data.injectors) ? `enabled=${(ev.data.injectors as string[]).join(', ')}` : String(ev.data.detail ?? '');
    issues.push(makeIssue('info', 'context_injector', msg, null, op));
  }
  for (const ev of events) if (ev.type === 'side_effect_failed') issues.push(makeIssue('warn', 'side_effect_failed', ev.message, null, op));
  const cfl = obj(t?.concept_filter_log);
  if (cfl && has(cfl, 'input') && has(cfl, 'output') && deepEqual(cfl.input, cfl.output)) {
    issues.push(makeIssue('info', 'concept_filter_noop', 'Concept filter output matches input', null, tp));
  }

  const joined = joinSteps(tsteps, events, parsed !== null);
  issues.push(...joined.runUnmatched, ...joined.runMismatch);
  if (parsed && parsed.unknownEvents.length > 0) {
    issues.push(makeIssue('warn', 'unknown_oplog_lines', `Unrecognized oplog lines: ${parsed.unknownEvents.length} (see unknown_events)`, null, op));
  }

  const experiment = obj(t?.experiment) ?? obj(meta?.experiment);
  const promptPipeline = obj(obj(t?.outputs)?.prompt_pipeline) ?? obj(meta?.prompt_pipeline);
  const context = pick(t, meta, 'context');

  // Final prompt (§3.1 step 3).
  let finalPrompt: string | null = null;
  let finalSource: RunReport['metadata']['final_prompt_source'] = null;
  let finalPromptFile: string | undefined;
  const fip = pick(t, meta, 'final_image_prompt', 'final_prompt');
  if (typeof fip === 'string' && fip.trim() !== '') {
    finalPrompt = fip;
    finalSource = 'transcript';
  } else if (tp) {
    for (const id of [...new Set([inp.cliId, generationId])]) {
      const f = path.join(path.dirname(tp), `${id}_final_prompt.txt`);
      if (existsSync(f) && statSync(f).isFile()) {
        const text = readTextLenient(f);
        finalPrompt = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
        finalSource = 'final_prompt_file';
        finalPromptFile = f;
        break;
      }
    }
  }
  const capture = promptPipeline && typeof promptPipeline.capture_stage === 'string' ? promptPipeline.capture_stage : null;
  if (finalPrompt === null) {
    const lf = likelyFinalStep(joined.steps, capture);
    if (lf) {
      finalPrompt = lf.response;
      finalSource = 'likely_final_step';
    }
  }

  const report: RunReport = {
    schema_version: 1,
    kind: 'run_report',
    metadata: {
      generation_id: generationId,
      seed: seed ?? null,
      created_at: pick(t, meta, 'created_at'),
      selected_concepts: pick(t, meta, 'selected_concepts'),
      image_path: pick(t, meta, 'image_path'),
      experiment,
      prompt_pipeline: promptPipeline,
      context,
      title_generation: pick(t, meta, 'title_generation'),
      concept_filter_log: pick(t, meta, 'concept_filter_log'),
      final_prompt: finalPrompt,
      final_prompt_source: finalSource,
      error: error ?? null,
      oplog_stats: parsed ? parsed.stats : null,
      artifact_paths: { transcript: tp, oplog: op },
    },
    steps: joined.steps,
    side_effects: parsed?.sideEffects ?? [],
    issues,
    parser_version: PARSER_VERSION,
    tool_version: inp.toolVersion,
    evolution: null,
    run_timing: runTiming(parsed, error !== null),
    unknown_events: parsed?.unknownEvents ?? [],
  };

  if (inp.evolution) {
    try {
      const evo = analyzeEvolution(report.steps, context, inp.thresholds ?? {});
      report.evolution = evo.json;
      report.issues.push(...evo.issues);
    } catch (err) {
      report.evolution = null;
      report.issues.push(makeIssue('warn', 'evolution_failed', `Evolution analysis failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  const image = resolveImage({
    recorded: typeof report.metadata.image_path === 'string' ? report.metadata.image_path : null,
    ids: [...new Set([inp.cliId, generationId])],
    imageDirs: inp.imageDirs,
    transcriptPath: tp,
  });
  if (image) {
    report.metadata.artifact_paths.image = image;
    if (report.metadata.image_path === null || report.metadata.image_path === undefined) {
      report.metadata.image_path = image;
      inp.onInferredImage?.(image);
    }
  }
  if (finalPromptFile) report.metadata.artifact_paths.final_prompt = finalPromptFile;
  return report;
}
