/** Runner error classes and how the CLI prints them (experiments.md §2.3, §4.15). */
import { AppError, UsageError } from '../errors.js';

/** A user error printed as one line `experiments run: <message>` (exit 2). */
export class RunnerUsageError extends UsageError {}

/**
 * A non-run error (config file, plan build/validation, resume state, pairs validation):
 * stderr `experiments run failed: <type>: <message>`, exit 2.
 */
export class ExperimentRunError extends AppError {
  override readonly type: string = 'ExperimentRunError';
  override exitCode = 2;
  constructor(readonly errorType: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function wrapRunError(err: unknown): ExperimentRunError {
  if (err instanceof ExperimentRunError) return err;
  const type = err instanceof AppError ? err.type : err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return new ExperimentRunError(type, message, { cause: err });
}
