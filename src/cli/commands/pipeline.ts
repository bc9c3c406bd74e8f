import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project pipeline preview` (pipeline.md §12). */
export function register(program: Command): void {
  const pipeline = program.command('pipeline').description('inspect the prompt pipeline a config compiles to');
  pipeline
    .command('preview')
    .description('compile the configured plan and print its compile metadata (resolved stages, capture stage, stage configs) as JSON')
    .option('--config-path <file>', 'use this one config file (layered over the built-in default) instead of the workspace files')
    .option('--plan <name>', 'compile this plan instead of prompt.plan')
    .option('--debug', 'print stack traces on errors')
    .action(async (opts: { configPath?: string; plan?: string; debug?: boolean }) => {
      try {
        const { pipelinePreviewText } = await import('../../plans/commands.js');
        process.stdout.write(`${pipelinePreviewText({ configPath: opts.configPath, plan: opts.plan })}\n`);
        process.exitCode = 0;
      } catch (err) {
        process.exitCode = handleCliError(err, opts.debug === true || debugRequested(), 'pipeline preview');
      }
    });
}
