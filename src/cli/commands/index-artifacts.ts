import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project index-artifacts` (index.md §1). */
export function register(program: Command): void {
  program
    .command('index-artifacts')
    .description('index artifacts into experiments_index.json, three CSV registries and an SQLite database (incremental)')
    .option('--artifacts-root <dir>', 'root to scan (repeatable; two or more → combined index); default <workspace>/_artifacts',
      (value: string, previous: string[] = []) => [...previous, value])
    .option('--output-dir <dir>', 'where to write the index; default <root>/index (combined: <workspace>/_artifacts/index_combined)')
    .option('--rebuild', 'ignore the incremental cache and re-read every source')
    .option('--debug', 'print stack traces on errors')
    .action(async (opts: { artifactsRoot?: string[]; outputDir?: string; rebuild?: boolean; debug?: boolean }) => {
      const debug = opts.debug === true || debugRequested();
      try {
        const { runIndexArtifactsCommand } = await import('../../index/commands.js');
        process.exitCode = await runIndexArtifactsCommand(opts);
      } catch (err) {
        process.exitCode = handleCliError(err, debug, 'index-artifacts');
      }
    });
}
