/** Shapes shared by the runner's stages (runner.ts, after-plan.ts). */
import type { RunController } from './execute.js';
import type { ConsoleIO } from './experiment-log.js';
import type { RunnerFlags } from './options.js';
import type { ConfigErrorInfo } from './plan-files.js';
import type { ConfigNoteLike, RunnerServices } from './services.js';
import type { JsonObject, RegisteredPlugin, RunMode, RunSpec } from './types.js';

export interface RunExperimentRequest {
  name: string;
  /** Every token after `run <name>`. */
  tokens: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Replace any real service (tests, benchmarks). */
  services?: Partial<RunnerServices>;
  io?: Partial<ConsoleIO>;
  controller?: RunController;
  /** Global `--debug` (consumed by the top-level program). */
  debug?: boolean;
  now?: Date;
}

export interface RunExperimentResult {
  exitCode: number;
  outputRoot: string | null;
  summary?: { succeeded: number; failed: number; skipped: number };
}

/** A planned run with what the gate and the executor need. */
export interface PlanRun {
  spec: RunSpec;
  config: JsonObject | null;
  configError: ConfigErrorInfo | null;
  warnings: ConfigNoteLike[];
}

export interface Ctx {
  req: RunExperimentRequest;
  cwd: string;
  env: NodeJS.ProcessEnv;
  io: ConsoleIO;
  services: RunnerServices;
  workspaceRoot: string;
  registered: RegisteredPlugin;
  flags: RunnerFlags;
  args: JsonObject;
  controller: RunController;
  version: string;
}

/** Lock + log, run `body`, always release/close; non-run errors are logged and rethrown as exit-2 errors. */
export interface AfterPlan {
  outputRoot: string;
  experimentId: string;
  runMode: RunMode;
  configMeta: JsonObject | null;
  runs: PlanRun[];
  resume: { retryErrors: boolean } | null;
}
