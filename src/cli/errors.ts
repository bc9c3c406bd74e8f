import { readFileSync } from 'node:fs';
import { AppError } from '../errors.js';

/**
 * Print one line for a user-caused error (stack only with --debug) and return the exit code.
 * `prefix` is the command name (`generate`, `config show`, ...) the spec puts in front of messages.
 */
export function handleCliError(err: unknown, debug: boolean, prefix?: string): number {
  const message = err instanceof Error ? err.message : String(err);
  const line = prefix ? `${prefix}: ${message}` : `image-project: ${message}`;
  process.stderr.write(`${line.split('\n')[0]}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  if (err instanceof AppError) return err.exitCode;
  return 1;
}

/** True when --debug is on the command line (global or after the sub-command). */
export function debugRequested(): boolean {
  return process.argv.includes('--debug');
}

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
