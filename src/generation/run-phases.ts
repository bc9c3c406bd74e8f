/**
 * Phases `seed` … `rclone` of a run (generation.md §3). Each phase sets `state.phase` first, so an error
 * escaping it is recorded with the right phase.
 */
import { promises as fsp } from 'node:fs';
import { withFileLock, writeFileAtomic } from '../artifacts/index.js';
import { PER_RUN_WRITE } from './per-run-write.js';
import type { AppConfig } from '../config/types.js';
import { IOError, PipelineError } from '../errors.js';
import { createRunContext } from '../pipeline/context.js';
import type { PlanInputs } from './prompt-side.js';
import { defaultProviderSource, type ProviderSource } from './provider-source.js';
import { uploadWithRclone } from './rclone-upload.js';
import type { RunGenerationOptions } from './run-options.js';
import { finalImagePath, type RunState } from './run-state.js';
import { appendGenerationRowUnlocked } from './shared-csv.js';

export async function runPhases(cfg: AppConfig, state: RunState, opts: RunGenerationOptions): Promise<void> {
  const log = state.oplog.log;
  const side = opts.promptSide ?? (await import('./prompt-side-default.js')).defaultPromptSide(workspaceRootOf(opts.configMeta));
  const providers: ProviderSource = defaultProviderSource(opts.providers);

  // A full run that upscales starts the resampler's worker thread now: its start-up overlaps the prompt side.
  if (state.runMode === 'full' && cfg.upscale.enabled) {
    void import('../providers/lanczos-offload.js').then((m) => m.warmLanczosWorker(), () => undefined);
  }

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
  await writeFileAtomic(state.paths.finalPrompt, `${prompt.replace(/\s+$/u, '')}\n`, PER_RUN_WRITE);
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
  // The image code (sharp, opentype.js) is loaded only by full-mode runs.
  const [{ runImageStage }, { makeUpscaleStep }] = await Promise.all([import('./image-stage.js'), import('./upscale-step.js')]);
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
  }), { warn: (m) => log('WARNING', m) });
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

