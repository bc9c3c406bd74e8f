import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project list-plans` (pipeline.md §12). */
export function register(program: Command): void {
  program
    .command('list-plans')
    .description('list the prompt plans with their one-line intent')
    .option('--debug', 'print stack traces on errors')
    .action(async (opts: { debug?: boolean }) => {
      try {
        const { listPlansText } = await import('../../plans/commands.js');
        process.stdout.write(`${listPlansText()}\n`);
        process.exitCode = 0;
      } catch (err) {
        process.exitCode = handleCliError(err, opts.debug === true || debugRequested(), 'list-plans');
      }
    });
}
