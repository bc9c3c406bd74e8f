/**
 * The `image-project` executable. Thin: every command module registers its commander
 * definition and lazily imports the code that does the work, so start-up stays fast.
 */
import { Command, CommanderError } from 'commander';
import { handleCliError, readPackageVersion } from './errors.js';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('image-project')
  .description('Turn a taste profile and random creative concepts into image prompts and images, and compare pipeline variants with reproducible experiments.')
  .version(readPackageVersion(), '-V, --version', 'print the version')
  .option('--debug', 'print stack traces on errors')
  // Usage errors are one line: commander's message plus where to look.
  .configureOutput({ outputError: (str, write) => write(`image-project: ${str.trim().replace(/^error: /, '')} (see image-project --help)\n`) })
  .exitOverride();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other commander error is bad usage (exit 2).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = handleCliError(err, program.opts().debug === true || process.argv.includes('--debug'));
  }
}
