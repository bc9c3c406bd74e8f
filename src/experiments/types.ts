/**
 * Experiment plugin contract (experiments.md §3) and the shapes the runner passes around.
 * Config dicts are plain JSON mappings (snake_case keys as in YAML).
 */
export type JsonObject = Record<string, unknown>;
export type RunMode = 'full' | 'prompt_only';

/** One declared experiment option (§3.2). */
export interface ExperimentOption {
  /** `--kebab-case` */
  flag: string;
  /** Key in `experiment_args`; derived from the flag when absent (`--runs-per-set` → `runs_per_set`). */
  dest?: string;
  type: 'int' | 'string' | 'flag';
  default?: unknown;
  choices?: string[];
  repeatable?: boolean;
  help: string;
  /** Value name shown by `describe` (default `N` for int, `VALUE` for string). */
  metavar?: string;
}

/** What `buildPlan` returns per planned run (§3.3). */
export interface RunSpec {
  variant: string;
  variantName: string | null;
  run: number;
  generationId: string;
  seed: number | null;
  cfg: JsonObject;
  meta: JsonObject;
}

export interface BuildPlanContext {
  /** Base config dict: loaded config − experiment_runners + standard overrides (§4.3 steps 1–3). */
  baseCfg: JsonObject;
  /** `experiment_runners.<name>` of the loaded config, else `{}`. */
  runnerCfg: JsonObject;
  outputRoot: string;
  experimentId: string;
  runMode: RunMode;
  args: JsonObject;
  workspaceRoot: string;
  /** Current directory (CLI paths resolve against it). */
  cwd: string;
}

export interface ExperimentPlan {
  runs: RunSpec[];
  experimentMeta: JsonObject;
}

export interface RunOutcome {
  generationId: string;
  status: 'success' | 'error';
  imagePath: string | null;
  finalPrompt: string | null;
  outputs: JsonObject;
}

export interface PairsContext {
  experimentId: string;
  runMode: RunMode;
}

export interface PairEntry {
  run_index: number;
  a_generation_id: string;
  b_generation_id: string;
  metadata?: JsonObject;
  a_error?: JsonObject;
  b_error?: JsonObject;
  [key: string]: unknown;
}

export interface PairsPayload {
  schema_version: number;
  experiment_id: string;
  created_at: string;
  pairs: PairEntry[];
  [key: string]: unknown;
}

/** A plugin after normalisation (aliases resolved, options completed). */
export interface ExperimentPlugin {
  name: string;
  summary: string;
  defaultRunMode: RunMode;
  options: ExperimentOption[];
  buildPlan(ctx: BuildPlanContext): ExperimentPlan | Promise<ExperimentPlan>;
  analyzeRun?(run: RunSpec, outcome: RunOutcome): unknown;
  buildPairsManifest?(plan: RunSpec[], ctx: PairsContext): PairsPayload | null;
}

export interface RegisteredPlugin {
  key: string;
  plugin: ExperimentPlugin;
  /** `builtin:<name>` or `file:<absolute path>#<name>` */
  ref: string;
}
