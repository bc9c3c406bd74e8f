/** Options and result of `runGeneration` (generation.md §1; CONTRACTS.md). */
import type { LogSink } from '../artifacts/index.js';
import type { ImageProvider, TextProvider, Upscaler } from '../providers/types.js';
import type { ConfigNoteLike } from './config-notes.js';
import type { IndexRefreshHook, RunReportHook } from './hooks.js';
import type { PromptSide } from './prompt-side.js';
import type { RunUpscaler } from './provider-source.js';
import type { RunErrorRecord } from './run-state.js';

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
  providers?: { text?: TextProvider; image?: ImageProvider; upscaler?: Upscaler | RunUpscaler };
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

