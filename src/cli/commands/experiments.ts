import type { Command } from 'commander';
import { debugRequested } from '../errors.js';

/** `experiments list|describe|run` (experiments.md §2). Runner and experiment options are parsed by the runner. */
export function register(program: Command): void {
  const experiments = program
    .command('experiments')
    .description('list, describe and run experiments (A/B and matrix comparisons of pipeline variants)');

  experiments
    .command('list')
    .description('one line per experiment: name and summary')
    .action(async () => {
      const { listCommand } = await import('../../experiments/cli.js');
      process.exitCode = await listCommand();
    });

  experiments
    .command('describe')
    .description('show an experiment\'s summary, default mode and options')
    .argument('<name>', 'experiment name')
    .option('--config-path <path>', 'config file (accepted for symmetry with run)')
    .action(async (name: string) => {
      const { describeCommand } = await import('../../experiments/cli.js');
      process.exitCode = await describeCommand(name);
    });

  experiments
    .command('run')
    .description('run an experiment: image-project experiments run <name> [runner options] [experiment options] (see --help after the name)')
    .argument('<name>', 'experiment name')
    .argument('[options...]', 'runner and experiment options')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (name: string, _rest: string[], _opts: unknown, cmd: Command) => {
      const { runCommand } = await import('../../experiments/cli.js');
      process.exitCode = await runCommand(name, cmd.args.slice(1), debugRequested());
    });
}
