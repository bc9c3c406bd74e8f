import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project list-stages` (pipeline.md §12). */
export function register(program: Command): void {
  program
    .command('list-stages')
    .description('list every registered pipeline stage kind with its one-line intent')
    .option('--debug', 'print stack traces on errors')
    .action(async (opts: { debug?: boolean }) => {
      try {
        const { listStagesText } = await import('../../plans/commands.js');
        process.stdout.write(`${listStagesText()}\n`);
        process.exitCode = 0;
      } catch (err) {
        process.exitCode = handleCliError(err, opts.debug === true || debugRequested(), 'list-stages');
      }
    });
}
