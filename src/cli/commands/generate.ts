import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project generate [--config-path P]` (generation.md §1). */
export function register(program: Command): void {
  program
    .command('generate')
    .description('run the prompt pipeline once and write the final prompt (prompt_only) or a captioned image (full), with every per-run artifact')
    .option('--config-path <file>', 'use this one config file (layered over the built-in default) instead of the workspace files')
    .option('--debug', 'stack traces on stderr and in the oplog')
    .showHelpAfterError(false)
    .configureOutput({
      // Bad usage: one line `generate: <message>` (generation.md §1); commander sets exit code 2 via main.ts.
      outputError: (str, write) => write(`generate: ${str.replace(/^error: /, '').trim()} (see image-project generate --help)\n`),
    })
    .action(async (opts: { configPath?: string; debug?: boolean }) => {
      const debug = opts.debug === true || debugRequested();
      try {
        const { runGenerateCommand } = await import('../../generation/generate-command.js');
        process.exitCode = await runGenerateCommand({ configPath: opts.configPath, debug });
      } catch (err) {
        process.exitCode = handleCliError(err, debug, 'generate');
      }
    });
}
