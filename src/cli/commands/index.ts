import type { Command } from 'commander';

/**
 * Every sub-command module exports `register(program)`. Registration only declares flags;
 * each action imports its implementation lazily (`await import(...)`) to keep start-up fast.
 * Add one import + one call per command; keep this list in the order of `--help`.
 */
export function registerCommands(program: Command): void {
  void program;
}
