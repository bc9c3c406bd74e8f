import { Command, Option } from 'commander';
import { AppError } from '../../errors.js';
import { handleCliError } from '../errors.js';

/** `image-project run-review` (review.md §1): flags only; the implementation is imported lazily. */
export function register(program: Command): void {
  const cmd = program
    .command('run-review')
    .description('Offline analyzer: join a run\'s transcript and oplog into JSON + HTML reports, compare two runs, or compare the A/B pairs of an experiment.')
    .option('--config-path <file>', 'config file used only for default dirs (image.log_path, image.upscale_path, image.generation_path)')
    .addOption(new Option('--config <file>').hideHelp())
    .option('--generation-id <id>', 'review <logs-dir>/<id>_oplog.log + <id>_transcript.json (with --oplog/--transcript: the report id)')
    .option('--most-recent', 'review the newest run in the logs dir (the default without a selector)')
    .addOption(new Option('--most_recent').hideHelp())
    .option('--logs-dir <dir>', 'where runs are looked up (default: config image.log_path)')
    .option('--images-dir <dir>', 'image search dir (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--oplog <file>', 'explicit oplog file')
    .option('--transcript <file>', 'explicit transcript file')
    .option('--best-effort', 'continue without a missing oplog/transcript (reported as an issue)')
    .option('--no-evolution', 'skip the evolution analysis')
    .option('--evolution-thresholds <json>', 'JSON object of evolution threshold overrides')
    .option('--compare <ids...>', 'compare two runs found by id in the logs dir: --compare A B')
    .option('--compare-experiment <dir>', 'compare the A/B pairs listed in <dir>/pairs.json (with --all or --pair N)')
    .option('--pair <n>', 'compare only the pair with this run_index')
    .option('--all', 'compare every pair')
    .option('--output-dir <dir>', 'output folder (created if missing)', '.')
    .option('--debug', 'print stack traces on errors');
  cmd.showHelpAfterError(false);
  cmd.configureOutput({ outputError: (str, write) => write(`run-review: ${str}`) });
  cmd.action(async (opts: Record<string, unknown>) => {
    const debug = opts.debug === true || process.argv.includes('--debug');
    try {
      const { runReview } = await import('../../review/index.js');
      process.exitCode = await runReview({
        configPath: (opts.configPath ?? opts.config) as string | undefined,
        generationId: opts.generationId as string | undefined,
        mostRecent: opts.mostRecent === true || opts.most_recent === true,
        logsDir: opts.logsDir as string | undefined,
        imagesDir: opts.imagesDir as string[] | undefined,
        oplog: opts.oplog as string | undefined,
        transcript: opts.transcript as string | undefined,
        bestEffort: opts.bestEffort === true,
        evolution: opts.evolution !== false,
        evolutionThresholds: opts.evolutionThresholds as string | undefined,
        compare: opts.compare as string[] | undefined,
        compareExperiment: opts.compareExperiment as string | undefined,
        pair: opts.pair as string | undefined,
        all: opts.all === true,
        outputDir: opts.outputDir as string | undefined,
        debug,
      });
    } catch (err) {
      const isKnown = err instanceof AppError || (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string');
      process.exitCode = handleCliError(err, debug, isKnown ? 'run-review: error' : 'run-review: internal error');
    }
  });
}
