/**
 * What the runner needs from the rest of the app. The real implementations live in
 * `services-real.ts`; tests inject fast doubles (every member is replaceable).
 */
import type { JsonObject, RunMode } from './types.js';

export interface ConfigNoteLike {
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
  message: string;
}

export interface LoadedConfigLike {
  dict: JsonObject;
  meta: JsonObject;
  /** Load notes, the config-source line of config.md §1 first. */
  notes: ConfigNoteLike[];
}

export interface ParsedConfigLike {
  /** The normalised `AppConfig` (JSON-safe: snake_case keys, defaults filled, paths absolute). */
  config: JsonObject;
  warnings: ConfigNoteLike[];
}

export interface RunErrorLike {
  type: string;
  message: string;
  phase?: string;
  step?: string;
  path?: string;
}

export interface GenerationResultLike {
  generationId: string;
  status: 'success' | 'error';
  imagePath: string | null;
  finalPrompt: string | null;
  outputs: JsonObject;
  error: RunErrorLike | null;
  durationMs: number;
}

export interface RunGenerationOptions {
  generationId: string;
  configMeta: JsonObject | null;
  /** The run's own config warnings, logged in its oplog after `Run started…`. */
  configNotes?: ConfigNoteLike[];
  updateIndex: false;
  mirrorToConsole: false;
  debug?: boolean;
}

export type LogFn = (level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', message: string) => void;

export interface RunnerServices {
  /** Load what planning needs (called once before a fresh plan is built). */
  warmUp?(): Promise<void>;
  findWorkspaceRoot(cwd: string): string;
  loadConfig(opts: { configPath?: string; cwd: string; env: NodeJS.ProcessEnv }): LoadedConfigLike;
  parseConfig(dict: JsonObject, opts: { workspaceRoot: string }): ParsedConfigLike;
  /** Compile preview of one run (experiments.md §5.2 `prompt_pipeline`). Throws CompileError etc. */
  compilePreview(config: JsonObject, seed: number): JsonObject;
  /** `generation_defaults` of the full plan from the base config dict (§5.2). */
  generationDefaults(baseCfg: JsonObject): JsonObject;
  /** Create the providers once and check credentials (config.md §7.12); throws on failure. */
  checkProviders(config: JsonObject, runMode: RunMode): Promise<void>;
  runGeneration(config: JsonObject, opts: RunGenerationOptions): Promise<GenerationResultLike>;
  /** Incremental artifacts index under `storeRoot`; returns the counts logged on one line. */
  updateIndex(storeRoot: string, log: LogFn): Promise<JsonObject>;
}
