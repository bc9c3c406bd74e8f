/**
 * What a run needs from the prompt side of the app (inputs, plans, context injectors, system prompt,
 * compiler, kernel), as one replaceable object: `defaultPromptSide()` wires the real modules, tests may
 * inject doubles through `runGeneration(..., { promptSide })`.
 */
import type { AppConfig } from '../config/types.js';
import type { RunContext } from '../pipeline/context.js';
import type { LogFn } from './oplog.js';

export interface LoadedCategories {
  /** Parsed table handed to the compiler as a plan input. */
  table: unknown;
  rowCount: number;
}

export interface LoadedProfile {
  table: unknown;
  rowCount: number;
  preferencesGuidance: string;
  dislikes: string[];
}

export interface ContextResult {
  guidance: string;
  metadata: Record<string, unknown>;
}

export interface CompiledRun {
  root: unknown;
  metadata: Record<string, unknown>;
}

export interface PlanInputs {
  seed: number;
  categories: LoadedCategories;
  profile: LoadedProfile;
  contextGuidance: string;
  context: Record<string, unknown>;
}

export interface PromptSide {
  loadCategories(cfg: AppConfig, log: LogFn): Promise<LoadedCategories> | LoadedCategories;
  loadProfile(cfg: AppConfig, log: LogFn): Promise<LoadedProfile> | LoadedProfile;
  /** Phase `plan_resolution`: throws for an unknown plan; returns what later phases need. */
  resolvePlan(cfg: AppConfig): unknown;
  /** Phase `context_injection` (pipeline.md §6). */
  injectContext(cfg: AppConfig, plan: unknown, seed: number, log: LogFn): ContextResult;
  /** Phase `init_text_ai`: the run's system prompt. */
  systemPrompt(cfg: AppConfig, plan: unknown, inputs: PlanInputs): string;
  /** Phase `pipeline`: compile (CompileError on failure). */
  compile(cfg: AppConfig, plan: unknown, inputs: PlanInputs, initialOutputKeys: string[]): Promise<CompiledRun> | CompiledRun;
  execute(root: unknown, ctx: RunContext): Promise<unknown>;
}
