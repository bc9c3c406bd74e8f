/**
 * Error classes shared by every layer. `type` names are the run-error `type` values of
 * pipeline.md §2.7. `exitCode` is what the CLI maps the error to when it escapes a command.
 */
export type RunErrorType =
  | 'ConfigError'
  | 'CompileError'
  | 'PipelineError'
  | 'ProviderError'
  | 'ResponseFormatError'
  | 'IOError';

export class AppError extends Error {
  readonly type: string = 'AppError';
  exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line usage (unknown flag, mutually exclusive flags, bad value). Exit 2. */
export class UsageError extends AppError {
  override readonly type = 'UsageError';
  override exitCode = 2;
}

/** Config file could not be loaded or failed validation. Exit 2. */
export class ConfigError extends AppError {
  override readonly type = 'ConfigError';
  override exitCode = 2;
}

/** Prompt pipeline compilation failed (planning error). Exit 2 outside a run. */
export class CompileError extends AppError {
  override readonly type = 'CompileError';
  override exitCode = 2;
}

/** Fields the pipeline engine attaches to an error escaping a node (pipeline.md §2.7). */
export interface PipelineErrorFields {
  pipelinePath?: string;
  pipelineStep?: string;
  pipelineNodeType?: 'step' | 'action' | 'block';
  pipelineNodeName?: string;
}

export class PipelineError extends AppError {
  override readonly type = 'PipelineError';
}

export class ProviderError extends AppError {
  override readonly type = 'ProviderError';
  /** HTTP status when known. */
  status?: number;
  /** True for errors worth retrying (429, 5xx, timeouts, resets, offline error_rate). */
  retryable = false;
}

export class ResponseFormatError extends AppError {
  override readonly type = 'ResponseFormatError';
}

/** File, font, upscale and lock errors. */
export class IOError extends AppError {
  override readonly type = 'IOError';
}

/** The run-error `type` of any thrown value (unknown errors count as PipelineError). */
export function runErrorType(err: unknown): RunErrorType {
  if (err instanceof AppError) {
    const t = err.type;
    if (
      t === 'ConfigError' || t === 'CompileError' || t === 'PipelineError' ||
      t === 'ProviderError' || t === 'ResponseFormatError' || t === 'IOError'
    ) return t;
  }
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const code = (err as { code: string }).code;
    if (/^E[A-Z]+$/.test(code)) return 'IOError';
  }
  return 'PipelineError';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
