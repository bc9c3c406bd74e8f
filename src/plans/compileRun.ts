/**
 * `compileRunPipeline` (pipeline.md §7, §7.6): the app-side wrapper that compiles the configured
 * plan with the stage registry and returns the root block plus the full `prompt_pipeline` metadata.
 */
import type { AppConfig } from '../config/index.js';
import { findWorkspaceRoot } from '../config/index.js';
import { contextActive } from '../context/index.js';
import { emptyCategoryTable } from '../inputs/categories.js';
import { emptyProfileTable } from '../inputs/profile.js';
import { compilePipeline, type Block, type CompileMetadataCore, type StageRegistry } from '../pipeline/index.js';
import { defaultStageRegistry } from '../stages/index.js';
import { PLAN_CATALOG } from './catalog.js';
import { planInstances, resolveDraftPrompt, resolvePlan } from './resolve.js';
import type { ContextInjectionMode, PlanDef, PlanInputs } from './types.js';

export type PromptPipelineMetadata = CompileMetadataCore & {
  requested_plan: string;
  refinement_mode: 'explicit_stages';
  context_injection: ContextInjectionMode;
  context_injection_location: AppConfig['context']['injection_location'];
  context_enabled: boolean;
};

/** Output keys a run sets before the pipeline starts (§3); context keys only when non-empty. */
export const RUN_INITIAL_OUTPUT_KEYS = ['prompt_inputs', 'preferences_guidance', 'dislikes'] as const;

export interface CompileRunOptions {
  registry?: StageRegistry;
  initialOutputKeys?: Iterable<string>;
  planInputs?: Partial<PlanInputs>;
  /** Plan name instead of `cfg.prompt.plan` (e.g. `pipeline preview --plan`). */
  plan?: string;
  catalog?: readonly PlanDef[];
}

export interface CompiledRunPipeline {
  root: Block;
  metadata: PromptPipelineMetadata;
  plan: PlanDef;
  inputs: PlanInputs;
}

export function compileRunPipeline(cfg: AppConfig, opts: CompileRunOptions = {}): CompiledRunPipeline {
  const registry = opts.registry ?? defaultStageRegistry();
  const requested = opts.plan ?? cfg.prompt.plan;
  const plan = resolvePlan(requested, opts.catalog ?? PLAN_CATALOG);
  const given = opts.planInputs ?? {};
  const inputs: PlanInputs = {
    categories: given.categories ?? emptyCategoryTable(),
    profile: given.profile ?? emptyProfileTable(),
    preferencesGuidance: given.preferencesGuidance ?? '',
    dislikes: given.dislikes ?? [],
    contextGuidance: given.contextGuidance ?? '',
    draftPrompt: given.draftPrompt !== undefined ? given.draftPrompt : resolveDraftPrompt(cfg, plan),
    workspaceRoot: given.workspaceRoot ?? findWorkspaceRoot(process.cwd()),
    seed: given.seed ?? cfg.prompt.random_seed ?? 0,
    plan: plan.name,
  };
  const mode: ContextInjectionMode = plan.contextInjection ?? 'config';
  const contextEnabled = contextActive(cfg, plan.name, mode);
  const { root, metadata } = compilePipeline({
    plan: plan.name,
    instances: planInstances(plan, cfg, registry),
    include: cfg.prompt.stages.include,
    exclude: cfg.prompt.stages.exclude,
    overrides: cfg.prompt.stages.overrides,
    stageConfigDefaults: cfg.prompt.stage_configs.defaults,
    stageConfigInstances: cfg.prompt.stage_configs.instances,
    captureStage: cfg.prompt.output.capture_stage,
    initialOutputKeys: opts.initialOutputKeys ?? RUN_INITIAL_OUTPUT_KEYS,
    registry,
    cfg,
    inputs,
  });
  return {
    root,
    plan,
    inputs,
    metadata: {
      ...metadata,
      requested_plan: requested,
      refinement_mode: 'explicit_stages',
      context_injection: mode,
      context_injection_location: cfg.context.injection_location,
      context_enabled: contextEnabled,
    },
  };
}

/**
 * The compile preview of `pipeline preview` and the experiment planner (experiments.md §4.5):
 * empty tables, no provider, no context guidance, seed `prompt.random_seed ?? 0`.
 */
export function previewPipeline(cfg: AppConfig, opts: Omit<CompileRunOptions, 'planInputs'> & { seed?: number } = {}): PromptPipelineMetadata {
  return compileRunPipeline(cfg, {
    ...opts,
    planInputs: { seed: opts.seed ?? cfg.prompt.random_seed ?? 0, contextGuidance: '' },
  }).metadata;
}

