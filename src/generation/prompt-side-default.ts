/**
 * The real prompt side of a run: cached input CSVs (src/inputs), plan resolution and compilation
 * (src/plans with the app's stage registry), context injectors and the system prompt (src/context),
 * and the pipeline kernel (src/pipeline).
 */
import { findWorkspaceRoot } from '../config/index.js';
import { buildSystemPrompt, runContextInjectors } from '../context/index.js';
import { executePipeline, type Block, type StageRegistry } from '../pipeline/index.js';
import { compileRunPipeline, resolvePlan, type PlanDef } from '../plans/index.js';
import { defaultStageRegistry } from '../stages/index.js';
import { cachedCategories, cachedProfile } from './input-cache.js';
import type { PromptSide } from './prompt-side.js';

/** The stage registry is built once per process and only read afterwards (compilation never mutates it). */
let registry: StageRegistry | null = null;
function sharedRegistry(): StageRegistry {
  registry ??= defaultStageRegistry();
  return registry;
}

export function defaultPromptSide(workspaceRoot?: string): PromptSide {
  return {
    loadCategories(cfg) {
      const table = cachedCategories(cfg.prompt.categories_path);
      return { table, rowCount: table.rows.length };
    },
    loadProfile(cfg) {
      const p = cachedProfile(cfg.prompt.profile_path);
      return { table: p.table, rowCount: p.table.rowCount, preferencesGuidance: p.preferencesGuidance, dislikes: [...p.dislikes] };
    },
    resolvePlan(cfg) {
      return resolvePlan(cfg.prompt.plan);
    },
    injectContext(cfg, plan, seed, log) {
      const def = plan as PlanDef;
      const res = runContextInjectors(cfg, {
        seed, plan: def.name, mode: def.contextInjection ?? 'config',
        preferencesGuidance: cachedProfile(cfg.prompt.profile_path).preferencesGuidance,
        logger: { log },
      });
      return { guidance: res.guidance, metadata: res.metadata };
    },
    systemPrompt(cfg, _plan, inputs) {
      return buildSystemPrompt(cfg, { contextGuidance: inputs.contextGuidance });
    },
    compile(cfg, plan, inputs, initialOutputKeys) {
      const compiled = compileRunPipeline(cfg, {
        registry: sharedRegistry(),
        plan: (plan as PlanDef).name,
        initialOutputKeys,
        planInputs: {
          categories: cachedCategories(cfg.prompt.categories_path),
          profile: cachedProfile(cfg.prompt.profile_path).table,
          preferencesGuidance: inputs.profile.preferencesGuidance,
          dislikes: [...inputs.profile.dislikes],
          contextGuidance: inputs.contextGuidance,
          workspaceRoot: workspaceRoot ?? findWorkspaceRoot(process.cwd()),
          seed: inputs.seed,
        },
      });
      return { root: compiled.root, metadata: compiled.metadata as unknown as Record<string, unknown> };
    },
    async execute(root, ctx) {
      await executePipeline(root as Block, ctx);
    },
  };
}
