/** Build the single-run report model from a loaded transcript and oplog (review.md §3). */
import { parseOplogText } from './oplog-parse.js';
import { joinSteps, readTranscriptStep, type TranscriptStepIn } from './step-join.js';
import { makeIssue, PARSER_VERSION, type Issue, type RunReport } from './report-types.js';
import { deepEqual, isPlainObject, strOrNull } from './text-utils.js';
import { resolveFinalPrompt } from './final-prompt.js';
import { oplogIssues, runFailedMessage, runTiming } from './run-facts.js';
import { analyzeEvolution, type EvolutionThresholds } from './evolution/index.js';
import { resolveImage } from './locate-image.js';

export { effectiveDurationMs } from './run-facts.js';
export { likelyFinalStepOf } from './final-prompt.js';

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

  const fp = resolveFinalPrompt({
    recorded: pick(t, meta, 'final_image_prompt', 'final_prompt'),
    transcriptPath: tp,
    ids: [...new Set([inp.cliId, generationId])],
    steps: joined.steps,
    promptPipeline,
  });
  const finalPrompt = fp.text;
  const finalSource = fp.source;
  const finalPromptFile = fp.file;

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
      artifact_paths: { transcript: inp.missingTranscript ? null : tp, oplog: inp.missingOplog ? null : op },
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
