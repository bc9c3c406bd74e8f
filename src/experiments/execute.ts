/**
 * Execution of the selected runs (experiments.md §4.8, §4.12): up to N at once, started in plan order,
 * stop-at-first-failure with `Skipped` entries (or `--continue-on-error`), interrupts, `analyzeRun`,
 * results rewritten after every completed run.
 */
import pLimit from 'p-limit';
import { errorInfo } from './plan-files.js';
import { errorEntry, skippedEntry, successEntry, type ResultsStore } from './results.js';
import type { ExperimentLog } from './experiment-log.js';
import type { ProgressDisplay } from './progress.js';
import type { ConfigNoteLike, GenerationResultLike, RunErrorLike, RunnerServices } from './services.js';
import type { ExperimentPlugin, JsonObject, RunSpec } from './types.js';

export interface ExecTask {
  spec: RunSpec;
  /** Parsed config, or null with `configError` when the stored config no longer parses. */
  config: JsonObject | null;
  configError?: RunErrorLike;
  /** The run's config warnings (logged in its oplog). */
  notes?: ConfigNoteLike[];
}

export interface ExecSummary {
  succeeded: number;
  failed: number;
  skipped: number;
  analysisFailed: number;
  interrupted: boolean;
}

/** Lets the CLI's signal handlers stop scheduling. */
export class RunController {
  interrupted = false;
  private listener: (() => void) | null = null;
  interrupt(): void {
    if (this.interrupted) return;
    this.interrupted = true;
    this.listener?.();
  }
  onInterrupt(fn: (() => void) | null): void {
    this.listener = fn;
    if (fn && this.interrupted) fn();
  }
}

export interface ExecParams {
  tasks: ExecTask[];
  concurrency: number;
  continueOnError: boolean;
  services: RunnerServices;
  configMeta: JsonObject | null;
  debug: boolean;
  plugin: ExperimentPlugin;
  pluginName: string;
  results: ResultsStore;
  log: ExperimentLog;
  progress: ProgressDisplay;
  controller: RunController;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

async function analyze(p: ExecParams, spec: RunSpec, res: GenerationResultLike): Promise<{ analysis?: unknown; analysis_error?: { type: string; message: string } }> {
  if (!p.plugin.analyzeRun) return {};
  const gid = spec.generationId;
  try {
    const value = await p.plugin.analyzeRun(spec, {
      generationId: res.generationId,
      status: res.status,
      imagePath: res.imagePath,
      finalPrompt: res.finalPrompt,
      outputs: res.outputs,
    });
    if (value === null || value === undefined) return {};
    if (isObject(value)) return { analysis: value };
    const err = { type: 'TypeError', message: `${p.pluginName}.analyze_run returned non-mapping for generation_id=${gid}` };
    p.log.error(`Analysis failed for generation_id=${gid}: ${err.type}: ${err.message}`);
    return { analysis_error: err };
  } catch (e) {
    const err = errorInfo(e);
    p.log.error(`Analysis failed for generation_id=${gid}: ${err.type}: ${err.message}`);
    if (p.debug && e instanceof Error && e.stack) p.log.debug(e.stack);
    return { analysis_error: err };
  }
}

async function runOne(p: ExecParams, task: ExecTask): Promise<{ ok: boolean; analysisFailed: boolean }> {
  const { spec } = task;
  const gid = spec.generationId;
  p.log.log('INFO', `Running ${spec.variant} run=${spec.run} generation_id=${gid} seed=${spec.seed ?? '<none>'}`, { fileOnlyDuringBar: true });
  const t0 = performance.now();
  let res: GenerationResultLike;
  if (task.config === null) {
    const err = task.configError ?? { type: 'ConfigError', message: 'config could not be parsed' };
    res = { generationId: gid, status: 'error', imagePath: null, finalPrompt: null, outputs: {}, error: err, durationMs: 0 };
  } else {
    try {
      res = await p.services.runGeneration(task.config, {
        generationId: gid,
        configMeta: p.configMeta,
        configNotes: task.notes ?? [],
        updateIndex: false,
        mirrorToConsole: false,
        debug: p.debug,
      });
    } catch (e) {
      const info = errorInfo(e);
      if (p.debug && e instanceof Error && e.stack) p.log.debug(e.stack);
      res = { generationId: gid, status: 'error', imagePath: null, finalPrompt: null, outputs: {}, error: info, durationMs: Math.round(performance.now() - t0) };
    }
  }
  const durationMs = Number.isFinite(res.durationMs) ? Math.round(res.durationMs) : Math.round(performance.now() - t0);
  p.log.log('INFO', `Finished ${spec.variant} run=${spec.run} generation_id=${gid} status=${res.status} in ${(durationMs / 1000).toFixed(2)}s`, { fileOnlyDuringBar: true });
  if (res.status === 'success') {
    const a = await analyze(p, spec, res);
    p.results.set(gid, successEntry(spec, res, durationMs, a));
    return { ok: true, analysisFailed: a.analysis_error !== undefined };
  }
  const error = res.error ?? { type: 'PipelineError', message: 'run failed without an error record' };
  p.log.error(`Run failed: ${gid}: ${error.type}: ${error.message}`);
  p.results.set(gid, errorEntry(spec, error, durationMs));
  return { ok: false, analysisFailed: false };
}

export async function executeRuns(p: ExecParams): Promise<ExecSummary> {
  const summary: ExecSummary = { succeeded: 0, failed: 0, skipped: 0, analysisFailed: 0, interrupted: false };
  const state = p.tasks.map(() => 'pending' as 'pending' | 'started' | 'skipped');
  let inFlight = 0;
  let stopped = false;
  const limit = pLimit(p.concurrency);
  p.controller.onInterrupt(() => {
    summary.interrupted = true;
    p.log.warning(`Interrupted: waiting for ${inFlight} in-flight run(s); run again with --resume to finish`);
  });

  const stopAfter = (gid: string): void => {
    stopped = true;
    const notStarted = state.map((s, i) => (s === 'pending' ? i : -1)).filter((i) => i >= 0);
    p.log.warning(`Stopping after failure of ${gid}: waiting for ${inFlight} in-flight run(s); ${notStarted.length} not-started run(s) marked Skipped`);
    for (const i of notStarted) {
      state[i] = 'skipped';
      p.results.set(p.tasks[i]!.spec.generationId, skippedEntry(p.tasks[i]!.spec));
      summary.skipped++;
      p.progress.completed(false);
    }
    p.results.schedule();
  };

  await Promise.all(
    p.tasks.map((task, i) =>
      limit(async () => {
        if (state[i] !== 'pending' || stopped || p.controller.interrupted) return;
        state[i] = 'started';
        inFlight++;
        p.progress.running(1);
        let outcome: { ok: boolean; analysisFailed: boolean };
        try {
          outcome = await runOne(p, task);
        } finally {
          inFlight--;
          p.progress.running(-1);
        }
        if (outcome.ok) summary.succeeded++;
        else summary.failed++;
        if (outcome.analysisFailed) summary.analysisFailed++;
        p.progress.completed(!outcome.ok);
        p.results.schedule();
        if (!outcome.ok && !p.continueOnError && !stopped && !p.controller.interrupted) stopAfter(task.spec.generationId);
      }),
    ),
  );
  p.controller.onInterrupt(null);
  return summary;
}
