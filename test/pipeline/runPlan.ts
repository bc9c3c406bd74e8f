/**
 * Runs one plan end to end the way a generation run does (inputs → context → system prompt →
 * compile → execute), with the given text provider (default: the offline provider).
 */
import type { AppConfig } from '../../src/config/index.js';
import { buildSystemPrompt, runContextInjectors } from '../../src/context/index.js';
import { loadCategories, loadProfile, preferencesGuidance, profileDislikes } from '../../src/inputs/index.js';
import { createRunContext, executePipeline, type KernelTextProvider, type RunContext } from '../../src/pipeline/index.js';
import { compileRunPipeline, resolvePlan, type PromptPipelineMetadata } from '../../src/plans/index.js';
import { createTextProvider } from '../../src/providers/index.js';
import { memoryLogger } from './helpers.js';

export interface PlanRun {
  ctx: RunContext;
  metadata: PromptPipelineMetadata;
  lines: string[];
}

export async function runPlan(cfg: AppConfig, provider?: KernelTextProvider): Promise<PlanRun> {
  const logger = memoryLogger();
  const seed = cfg.prompt.random_seed ?? 0;
  const categories = loadCategories(cfg.prompt.categories_path);
  const profile = loadProfile(cfg.prompt.profile_path);
  const guidance = preferencesGuidance(profile);
  const dislikes = profileDislikes(profile);
  const plan = resolvePlan(cfg.prompt.plan);
  const context = runContextInjectors(cfg, { seed, plan: plan.name, mode: plan.contextInjection ?? 'config', preferencesGuidance: guidance, logger });
  const outputs: Record<string, unknown> = {
    prompt_inputs: { categories_path: cfg.prompt.categories_path, profile_path: cfg.prompt.profile_path },
    preferences_guidance: guidance,
    dislikes,
  };
  if (context.guidance) outputs.context_guidance = context.guidance;
  if (Object.keys(context.metadata).length) outputs.context = context.metadata;
  const { root, metadata } = compileRunPipeline(cfg, {
    initialOutputKeys: Object.keys(outputs),
    planInputs: { categories, profile, preferencesGuidance: guidance, dislikes, contextGuidance: context.guidance, seed },
  });
  outputs.prompt_pipeline = metadata;
  const ctx = createRunContext({
    seed,
    systemPrompt: buildSystemPrompt(cfg, { contextGuidance: context.guidance }),
    outputs,
    textProvider: provider ?? createTextProvider(cfg.providers.text),
    formatRetries: cfg.providers.text.format_retries,
    logger,
  });
  await executePipeline(root, ctx);
  return { ctx, metadata, lines: logger.lines };
}
