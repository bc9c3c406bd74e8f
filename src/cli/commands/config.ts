import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project config show|schema` (config.md §10). */
export function register(program: Command): void {
  const config = program.command('config').description('show the effective config or print its JSON Schema');

  config
    .command('show')
    .description('print the effective config (built-in default + config files) as YAML, with its sources')
    .option('--config-path <file>', 'use this one config file (layered over the built-in default) instead of the workspace files')
    .option('--debug', 'print stack traces on errors')
    .action(async (opts: { configPath?: string; debug?: boolean }) => {
      try {
        const { runConfigShow } = await import('../../config/commands.js');
        process.exitCode = runConfigShow({ configPath: opts.configPath });
      } catch (err) {
        process.exitCode = handleCliError(err, opts.debug === true || debugRequested(), 'config show');
      }
    });

  config
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of config files, for editor validation and completion')
    .option('--output <file>', 'write the schema to this file (atomically) instead of stdout')
    .option('--debug', 'print stack traces on errors')
    .action(async (opts: { output?: string; debug?: boolean }) => {
      try {
        const { runConfigSchema } = await import('../../config/commands.js');
        process.exitCode = await runConfigSchema({ output: opts.output });
      } catch (err) {
        process.exitCode = handleCliError(err, opts.debug === true || debugRequested(), 'config schema');
      }
    });
}
