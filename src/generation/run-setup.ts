/** A run's initial state and its error record (generation.md §2, §3.1). */
import path from 'node:path';
import { utcTimestamp } from '../artifacts/index.js';
import type { AppConfig } from '../config/types.js';
import { errorMessage, runErrorType } from '../errors.js';
import { stageIdFromPath } from '../pipeline/records.js';
import type { Oplog } from './oplog.js';
import type { Phase, RunErrorRecord, RunState } from './run-state.js';

/** `{type, message, phase, step?, path?}`: step/path when the engine attributed the error to a node. */
export function errorRecord(err: unknown, phase: Phase): RunErrorRecord {
  const rec: RunErrorRecord = { type: runErrorType(err), message: errorMessage(err), phase };
  const p = err && typeof err === 'object' ? (err as { pipelinePath?: unknown }).pipelinePath : undefined;
  if (typeof p === 'string' && p) {
    const step = stageIdFromPath(p);
    if (step !== undefined) rec.step = step;
    rec.path = p;
  }
  return rec;
}

export function newState(cfg: AppConfig, gid: string, oplog: Oplog, started: Date, startedMs: number): RunState {
  const logDir = cfg.image.log_path;
  const runMode = cfg.run.mode;
  const manifest = runMode === 'full'
    ? cfg.prompt.titles_manifest_path ?? (cfg.image.generation_path ? path.join(cfg.image.generation_path, 'titles_manifest.csv') : null)
    : cfg.prompt.titles_manifest_path;
  const generationsCsv = cfg.prompt.generations_path ?? path.join(logDir, 'generations_v2.csv');
  const e = cfg.experiment;
  return {
    generationId: gid,
    runMode,
    createdAt: utcTimestamp(started),
    startedMs,
    phase: 'init',
    seed: null,
    oplog,
    paths: {
      logDir,
      oplog: oplog.path,
      transcript: path.join(logDir, `${gid}_transcript.json`),
      finalPrompt: path.join(logDir, `${gid}_final_prompt.txt`),
      runsIndex: path.join(logDir, 'runs_index.jsonl'),
      generationsCsv,
      manifest,
    },
    experiment: { id: e.id ?? null, variant: e.variant ?? null, notes: e.notes ?? null, tags: [...(e.tags ?? [])] },
    promptInputs: {
      categories_path: cfg.prompt.categories_path,
      profile_path: cfg.prompt.profile_path,
      generations_csv_path: generationsCsv,
      titles_manifest_path: manifest,
    },
    pipeline: { selected_concepts: [], steps: [], outputs: {}, blackbox_scoring: null },
    promptPipeline: null,
    finalPrompt: null,
    finalPromptWritten: false,
    baseImagePath: null,
    upscaledImagePath: null,
    imageGeneration: null,
    upscale: null,
    titleGeneration: null,
    transcriptWritten: false,
    error: null,
    runReport: null,
    runReviewError: null,
  };
}

