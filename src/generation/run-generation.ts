/**
 * `runGeneration`: one run end to end (generation.md §3), every per-run artifact of §2. Re-entrant:
 * all state lives in this call's RunState; shared files are appended under their locks; providers
 * come from the per-process cache so concurrent runs share rate limits.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { newGenerationId, isValidGenerationId } from '../artifacts/index.js';
import { UsageError, errorMessage } from '../errors.js';
import type { AppConfig } from '../config/types.js';
import { configHeaderLines } from './config-notes.js';
import { Oplog } from './oplog.js';
import { finish, finishAfterError } from './run-finish.js';
import type { GenerationResult, RunGenerationOptions } from './run-options.js';
import { runPhases } from './run-phases.js';
import { errorRecord, newState } from './run-setup.js';
import { finalImagePath, type RunErrorRecord } from './run-state.js';

export type { GenerationResult, RunGenerationOptions } from './run-options.js';

export async function runGeneration(cfg: AppConfig, opts: RunGenerationOptions): Promise<GenerationResult> {
  const startedMs = performance.now();
  const started = new Date();
  const gid = opts.generationId ?? newGenerationId(started);
  if (!isValidGenerationId(gid)) throw new UsageError(`Invalid generation_id: '${gid}'`);

  // Phase init: log dir + oplog. A failure here leaves nothing behind (no oplog to report into).
  let oplog: Oplog;
  try {
    await fsp.mkdir(cfg.image.log_path, { recursive: true });
    oplog = new Oplog(path.join(cfg.image.log_path, `${gid}_oplog.log`), {
      mirrorToConsole: opts.mirrorToConsole, extraSinks: opts.logSinks,
    });
  } catch (err) {
    const error: RunErrorRecord = { type: 'IOError', message: `Cannot open the operational log under ${cfg.image.log_path}: ${errorMessage(err)}`, phase: 'init' };
    return { generationId: gid, status: 'error', imagePath: null, finalPrompt: null, outputs: {}, error, durationMs: Math.round(performance.now() - startedMs), finalPromptPath: null, oplogPath: null };
  }

  const state = newState(cfg, gid, oplog, started, startedMs);
  const log = oplog.log;
  try {
    const header = configHeaderLines(opts.configMeta ?? null, opts.configNotes ?? []);
    log('INFO', `Operational logging initialized for generation ${gid}`);
    log('DEBUG', `Operational log file: ${oplog.path}`);
    if (header.sourceLine) log('INFO', header.sourceLine);
    if (state.experiment.id !== null || state.experiment.variant !== null) {
      log('INFO', `Experiment: id=${state.experiment.id ?? 'None'} variant=${state.experiment.variant ?? 'None'}`);
    }
    log('INFO', `Run started for generation ${gid}`);
    for (const note of header.rest) log(note.level, note.message);

    await runPhases(cfg, state, opts);
    await finish(cfg, state, opts);
  } catch (err) {
    state.error = errorRecord(err, state.phase);
    log('ERROR', `Run failed during phase ${state.error.phase} (${state.error.type}: ${state.error.message})`);
    if (opts.debug && err instanceof Error && err.stack) oplog.rawLines(err.stack);
    await finishAfterError(cfg, state, opts);
  } finally {
    oplog.close();
  }
  return {
    generationId: gid,
    status: state.error ? 'error' : 'success',
    imagePath: finalImagePath(state),
    finalPrompt: state.finalPrompt,
    outputs: state.pipeline.outputs,
    error: state.error,
    durationMs: Math.round(performance.now() - startedMs),
    finalPromptPath: state.finalPromptWritten ? state.paths.finalPrompt : null,
    oplogPath: oplog.path,
  };
}

