/**
 * Phase `transcript` and the failure path (generation.md §3 step 13, §3.1): transcript → run-review hook →
 * runs_index line → index refresh. Hook failures are logged and never change the run's status.
 */
import { errorMessage } from '../errors.js';
import { writeJsonAtomic } from '../artifacts/index.js';
import { PER_RUN_WRITE } from './per-run-write.js';
import type { AppConfig } from '../config/types.js';
import { defaultIndexRefreshHook, defaultRunReportHook, indexRefreshHook, runReportHook } from './hooks.js';
import type { RunGenerationOptions } from './run-options.js';
import type { RunState } from './run-state.js';
import { appendRunsIndexLine } from './runs-index.js';
import { artifactsStoreRoot } from './store-root.js';
import { buildTranscript } from './transcript.js';

async function writeTranscript(state: RunState): Promise<void> {
  await writeJsonAtomic(state.paths.transcript, buildTranscript(state), PER_RUN_WRITE);
  state.transcriptWritten = true;
  state.oplog.info(`Wrote transcript JSON to ${state.paths.transcript}`);
}

async function afterTranscript(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
  const log = state.oplog.log;
  if (cfg.run_review.enabled && cfg.run_review.review_path) {
    const imageDirs = [cfg.image.generation_path, cfg.image.upscale_path].filter((d): d is string => !!d);
    const res = await runReportHook(opts.hooks?.runReport ?? defaultRunReportHook, {
      generationId: state.generationId,
      transcriptPath: state.transcriptWritten ? state.paths.transcript : null,
      oplogPath: state.paths.oplog,
      imageDirs,
      outputDir: cfg.run_review.review_path,
      log,
    });
    state.runReport = res.files;
    state.runReviewError = res.error;
  }
  try {
    await appendRunsIndexLine(state);
  } catch (err) {
    const message = errorMessage(err);
    log('ERROR', `Run index append failed: ${message}`);
    state.pipeline.outputs.run_index_error = message;
  }
  if (opts.updateIndex) {
    await indexRefreshHook(opts.hooks?.indexRefresh ?? defaultIndexRefreshHook, artifactsStoreRoot(state.paths.logDir), log);
  }
}

export async function finish(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
  state.phase = 'transcript';
  await writeTranscript(state);
  await afterTranscript(cfg, state, opts);
  state.oplog.info(`Operational log stored at ${state.paths.oplog}`);
  state.oplog.info(`Run completed successfully for generation ${state.generationId}`);
}

export async function finishAfterError(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
  try {
    await writeTranscript(state);
  } catch {
    state.transcriptWritten = false;
    state.oplog.error('Failed to write transcript during error handling');
  }
  try {
    await afterTranscript(cfg, state, opts);
  } catch (err) {
    state.oplog.error(`Run index append failed: ${errorMessage(err)}`);
  }
}
