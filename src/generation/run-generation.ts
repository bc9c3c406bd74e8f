/**
 * `runGeneration`: one run end to end (generation.md §3), every per-run artifact of §2. Re-entrant:
 * all state lives in this call's RunState; shared files are appended under their locks; providers
 * come from the per-process cache so concurrent runs share rate limits.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { newGenerationId, isValidGenerationId, utcTimestamp, writeFileAtomic, writeJsonAtomic, withFileLock } from '../artifacts/index.js';
import type { LogSink } from '../artifacts/index.js';
import { UsageError, PipelineError, IOError, errorMessage, runErrorType } from '../errors.js';
import type { AppConfig } from '../config/types.js';
import { createRunContext } from '../pipeline/context.js';
import { stageIdFromPath } from '../pipeline/records.js';
import type { ImageProvider, TextProvider, Upscaler } from '../providers/types.js';
import { Oplog } from './oplog.js';
import type { PromptSide, PlanInputs } from './prompt-side.js';
import type { Phase, RunErrorRecord, RunState } from './run-state.js';
import { finalImagePath } from './run-state.js';
import { buildTranscript } from './transcript.js';
import { appendRunsIndexLine } from './runs-index.js';
import { runImageStage } from './image-stage.js';
import { appendGenerationRowUnlocked } from './shared-csv.js';
import { uploadWithRclone } from './rclone-upload.js';
import { artifactsStoreRoot } from './store-root.js';
import {
  defaultIndexRefreshHook, defaultRunReportHook, indexRefreshHook, runReportHook,
  type IndexRefreshHook, type RunReportHook,
} from './hooks.js';
import { configHeaderLines, type ConfigNoteLike } from './config-notes.js';
import { defaultProviderSource, type ProviderSource } from './provider-source.js';
import { makeUpscaleStep } from './upscale-step.js';

export interface RunGenerationOptions {
  generationId?: string;
  /** Config meta of config.md §1 (`{mode, paths, env_var, workspace_root}`); gives the config-source line. */
  configMeta?: Record<string, unknown> | null;
  /** Load notes + parse warnings (`{level, message}`), logged after `Run started…` (config-source line first). */
  configNotes?: readonly ConfigNoteLike[];
  updateIndex: boolean;
  mirrorToConsole: boolean;
  debug?: boolean;
  /** Test doubles / pre-created instances; default: the per-process provider cache. */
  providers?: { text?: TextProvider; image?: ImageProvider; upscaler?: Upscaler };
  promptSide?: PromptSide;
  hooks?: { runReport?: RunReportHook; indexRefresh?: IndexRefreshHook; rcloneBinary?: string };
  /** Extra oplog sinks (tests). */
  logSinks?: LogSink[];
}

export interface GenerationResult {
  generationId: string;
  status: 'success' | 'error';
  imagePath: string | null;
  finalPrompt: string | null;
  outputs: Record<string, unknown>;
  error: RunErrorRecord | null;
  durationMs: number;
  /** Absolute final prompt file, once written. */
  finalPromptPath: string | null;
  /** Absolute oplog path (null when the run failed before the oplog opened). */
  oplogPath: string | null;
}

function errorRecord(err: unknown, phase: Phase): RunErrorRecord {
  const rec: RunErrorRecord = { type: runErrorType(err), message: errorMessage(err), phase };
  const p = err && typeof err === 'object' ? (err as { pipelinePath?: unknown }).pipelinePath : undefined;
  if (typeof p === 'string' && p) {
    const step = stageIdFromPath(p);
    if (step !== undefined) rec.step = step;
    rec.path = p;
  }
  return rec;
}

function newState(cfg: AppConfig, gid: string, oplog: Oplog, started: Date, startedMs: number): RunState {
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

async function runPhases(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
  const log = state.oplog.log;
  const side = opts.promptSide ?? (await import('./prompt-side-default.js')).defaultPromptSide(workspaceRootOf(opts.configMeta));
  const providers: ProviderSource = defaultProviderSource(opts.providers);

  state.phase = 'seed';
  if (cfg.prompt.random_seed !== null && cfg.prompt.random_seed !== undefined) {
    state.seed = cfg.prompt.random_seed;
    log('INFO', `Using configured prompt.random_seed=${state.seed}`);
  } else {
    state.seed = Math.floor(Date.now() / 1000);
    log('INFO', `No prompt.random_seed configured; generated seed=${state.seed}`);
  }
  const seed = state.seed;

  state.phase = 'data_load';
  log('INFO', `Loading prompt data from ${cfg.prompt.categories_path}`);
  const categories = await side.loadCategories(cfg, log);
  log('INFO', `Loaded ${categories.rowCount} category rows`);
  log('INFO', `Loading user profile from ${cfg.prompt.profile_path}`);
  const profile = await side.loadProfile(cfg, log);
  log('INFO', `Loaded ${profile.rowCount} user profile rows`);

  state.phase = 'plan_resolution';
  const plan = side.resolvePlan(cfg);

  state.phase = 'context_injection';
  const context = side.injectContext(cfg, plan, seed, log);
  const inputs: PlanInputs = { seed, categories, profile, contextGuidance: context.guidance, context: context.metadata };

  state.phase = 'init_text_ai';
  const text = providers.text(cfg);
  log('INFO', `Initialized TextAI with model ${text.defaultModel}`);
  const systemPrompt = side.systemPrompt(cfg, plan, inputs);

  state.phase = 'context';
  const outputs: Record<string, unknown> = {
    prompt_inputs: { ...state.promptInputs },
    preferences_guidance: profile.preferencesGuidance,
    dislikes: [...profile.dislikes],
  };
  if (context.guidance) outputs.context_guidance = context.guidance;
  if (Object.keys(context.metadata).length > 0) outputs.context = context.metadata;
  const ctx = createRunContext({
    generation_id: state.generationId,
    cfg,
    logger: { log },
    seed,
    created_at: state.createdAt,
    systemPrompt,
    outputs,
    textProvider: text,
    formatRetries: cfg.providers.text.format_retries,
  });
  state.pipeline = ctx;

  state.phase = 'pipeline';
  const compiled = await side.compile(cfg, plan, inputs, Object.keys(ctx.outputs));
  state.promptPipeline = compiled.metadata;
  ctx.outputs.prompt_pipeline = compiled.metadata;
  log('INFO', promptPlanLine(compiled.metadata));
  await side.execute(compiled.root, ctx);
  if (Array.isArray(ctx.outputs.selected_concepts) && ctx.selected_concepts.length === 0) {
    ctx.selected_concepts = (ctx.outputs.selected_concepts as unknown[]).map(String);
  }

  state.phase = 'capture';
  const prompt = ctx.outputs.image_prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    throw new PipelineError('Pipeline did not produce required output: image_prompt');
  }
  state.finalPrompt = prompt;
  await writeFileAtomic(state.paths.finalPrompt, `${prompt.replace(/\s+$/u, '')}\n`);
  state.finalPromptWritten = true;
  log('INFO', `Wrote final prompt text artifact to ${state.paths.finalPrompt}`);
  if (state.runMode === 'prompt_only') return;

  state.phase = 'init_image_ai';
  const image = providers.image(cfg);
  log('INFO', 'Initialized ImageAI');
  if (!cfg.image.generation_path) throw new IOError('image.generation_path is not set (required in full mode)');
  await fsp.mkdir(cfg.image.generation_path, { recursive: true });
  if (cfg.upscale.enabled) {
    if (!cfg.image.upscale_path) throw new IOError('image.upscale_path is not set (required when upscale.enabled=true)');
    await fsp.mkdir(cfg.image.upscale_path, { recursive: true });
  }
  const upscale = cfg.upscale.enabled ? makeUpscaleStep(cfg, providers, state.generationId, log) : null;

  state.phase = 'image_pipeline';
  await runImageStage({ cfg, state, prompt, textProvider: text, imageProvider: image, upscale });

  state.phase = 'records';
  const csv = state.paths.generationsCsv;
  await withFileLock(csv, () => appendGenerationRowUnlocked(csv, {
    generation_id: state.generationId,
    selected_concepts: ctx.selected_concepts,
    final_image_prompt: prompt,
    image_path: finalImagePath(state)!,
    created_at: state.createdAt,
    seed,
  }));
  log('INFO', `Appended generation row to ${csv}`);

  state.phase = 'rclone';
  if (cfg.rclone.enabled && cfg.rclone.remote && cfg.rclone.album) {
    await uploadWithRclone(finalImagePath(state)!, {
      remote: cfg.rclone.remote, album: cfg.rclone.album, binary: opts.hooks?.rcloneBinary,
    }, log);
  }
}

function workspaceRootOf(meta: Record<string, unknown> | null | undefined): string | undefined {
  const root = meta?.workspace_root;
  return typeof root === 'string' && root ? root : undefined;
}

function promptPlanLine(meta: Record<string, unknown>): string {
  const stages = Array.isArray(meta.resolved_stages) ? (meta.resolved_stages as unknown[]).map((s) => `'${String(s)}'`).join(', ') : '';
  return `Prompt plan requested=${String(meta.requested_plan ?? meta.plan)} resolved=${String(meta.plan)} stages=[${stages}] capture=${String(meta.capture_stage)} context=${String(meta.context_injection)}`;
}

async function writeTranscript(state: RunState): Promise<void> {
  await writeJsonAtomic(state.paths.transcript, buildTranscript(state));
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

async function finish(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
  state.phase = 'transcript';
  await writeTranscript(state);
  await afterTranscript(cfg, state, opts);
  state.oplog.info(`Operational log stored at ${state.paths.oplog}`);
  state.oplog.info(`Run completed successfully for generation ${state.generationId}`);
}

async function finishAfterError(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
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
