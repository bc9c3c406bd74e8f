/**
 * Two-stage parsing of `experiments run <name> …` (experiments.md §2.3), both stages with commander:
 * (1) runner options are consumed wherever they appear, other tokens kept in order;
 * (2) the kept tokens are parsed strictly against the plugin's declared options.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { destOf } from './plugin-validation.js';
import type { ExperimentOption, JsonObject } from './types.js';

/** A usage error in the run's arguments; the CLI prefixes it with `experiments run <name>: `. */
export class OptionParseError extends UsageError {}

export interface RunnerFlags {
  configPath: string | null;
  outputRoot: string | null;
  experimentId: string | null;
  mode: string | null;
  dryRun: boolean;
  resume: boolean;
  retryErrors: boolean;
  continueOnError: boolean;
  concurrency: number;
  enableUpscale: boolean;
  enableUpload: boolean;
  failOnConfigError: boolean;
  debug: boolean;
  help: boolean;
}

export const DEFAULT_CONCURRENCY = 4;

/** A commander Command whose errors are the spec's one-line messages (no prefix abbreviation, no output). */
class StrictCommand extends Command {
  constructor() {
    super();
    this.exitOverride();
    this.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    this.helpOption(false);
    this.allowUnknownOption(true);
    this.allowExcessArguments(true);
  }
  optionMissingArgument(option: Option): never {
    throw new OptionParseError(`option '${option.long ?? option.flags}' needs a value`);
  }
}

function parseConcurrency(value: string): number {
  const t = value.trim();
  if (!/^[+-]?\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t))) {
    throw new OptionParseError('--concurrency must be an integer >= 1');
  }
  return Number(t);
}

export function runnerOptionsHelp(): string[] {
  return [
    '  --config-path PATH          one config file layered over the built-in default (ignored with --resume)',
    '  --output-root DIR           experiment directory (default <workspace>/_artifacts/experiments/<ts>_<name>)',
    '  --experiment-id ID          experiment.id of every run (default <name>_<ts>)',
    '  --mode MODE                 full | prompt_only (default: the experiment\'s default mode)',
    '  --dry-run                   validate and write the plan files; execute nothing',
    '  --resume                    continue the experiment in --output-root',
    '  --retry-errors              with --output-root: re-run only runs with a recorded error (implies --resume)',
    '  --continue-on-error         keep going after a failed run (default: stop at the first failure)',
    `  --concurrency N             runs executed at once (default: ${DEFAULT_CONCURRENCY})`,
    '  --enable-upscale            upscale.enabled = true in every run',
    '  --enable-upload             rclone.enabled = true in every run',
    '  --no-fail-on-config-error   run the planned runs without config errors instead of aborting',
    '  --debug                     stack traces on stderr and in the logs',
    '  --help                      show this help',
  ];
}

/** Stage 1: consume runner options anywhere; return the remaining tokens in order. */
export function parseRunnerTokens(tokens: string[]): { flags: RunnerFlags; kept: string[] } {
  const cmd = new StrictCommand()
    .option('--config-path <path>')
    .option('--output-root <dir>')
    .option('--experiment-id <id>')
    .option('--mode <mode>')
    .option('--dry-run')
    .option('--resume')
    .option('--retry-errors')
    .option('--continue-on-error')
    .option('--concurrency <n>', '', parseConcurrency)
    .option('--enable-upscale')
    .option('--enable-upload')
    .option('--no-fail-on-config-error')
    .option('--debug')
    .option('--help');
  const { operands, unknown } = cmd.parseOptions(tokens);
  const o = cmd.opts<Record<string, unknown>>();
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    kept: [...operands, ...unknown],
    flags: {
      configPath: str(o['configPath']),
      outputRoot: str(o['outputRoot']),
      experimentId: str(o['experimentId']),
      mode: str(o['mode']),
      dryRun: o['dryRun'] === true,
      resume: o['resume'] === true || o['retryErrors'] === true,
      retryErrors: o['retryErrors'] === true,
      continueOnError: o['continueOnError'] === true,
      concurrency: typeof o['concurrency'] === 'number' ? o['concurrency'] : DEFAULT_CONCURRENCY,
      enableUpscale: o['enableUpscale'] === true,
      enableUpload: o['enableUpload'] === true,
      failOnConfigError: o['failOnConfigError'] !== false,
      debug: o['debug'] === true,
      help: o['help'] === true,
    },
  };
}

function intParser(flag: string) {
  return (value: string): number => {
    const t = value.trim();
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
      throw new OptionParseError(`option '${flag}' expects an integer, got '${value}'`);
    }
    return Number(t);
  };
}

function choiceCheck(flag: string, choices: string[] | undefined, value: string): string {
  if (choices && !choices.includes(value)) {
    throw new OptionParseError(`option '${flag}' must be one of: ${choices.join(', ')} (got '${value}')`);
  }
  return value;
}

/** Stage 2: parse the kept tokens against the declared options → `experiment_args` (one key per option). */
export function parseExperimentArgs(name: string, declared: ExperimentOption[], tokens: string[]): JsonObject {
  const cmd = new StrictCommand();
  for (const d of declared) {
    if (d.type === 'flag') {
      cmd.addOption(new Option(d.flag));
      continue;
    }
    const opt = new Option(`${d.flag} <value>`);
    const toInt = intParser(d.flag);
    opt.argParser((raw: string, previous: unknown) => {
      const value = d.type === 'int' ? toInt(raw) : choiceCheck(d.flag, d.choices, raw);
      if (d.type === 'int' && d.choices) choiceCheck(d.flag, d.choices, String(value));
      if (!d.repeatable) return value;
      return Array.isArray(previous) ? [...(previous as unknown[]), value] : [value];
    });
    cmd.addOption(opt);
  }
  const { operands, unknown } = cmd.parseOptions(tokens);
  if (operands.length > 0) throw new OptionParseError(`unexpected argument '${operands[0]}'`);
  if (unknown.length > 0) {
    throw new OptionParseError(`unknown option '${unknown[0]}' (see: image-project experiments describe ${name})`);
  }
  const values = cmd.opts<Record<string, unknown>>();
  const args: JsonObject = {};
  for (const d of declared) {
    const attr = new Option(d.flag).attributeName();
    const given = values[attr];
    const fallback = d.default === undefined ? (d.type === 'flag' ? false : null) : d.default;
    args[destOf(d)] = given === undefined ? fallback : given;
  }
  return args;
}

/** `  --runs N   Run pairs to execute (A and B are run for each index). (default: 5)` (§2.2). */
export function describeOptionLine(d: ExperimentOption): string {
  const valueName = d.type === 'flag' ? '' : ` ${d.metavar ?? (d.type === 'int' ? 'N' : 'VALUE')}`;
  let line = `  ${d.flag}${valueName}   ${d.help}`;
  if (d.choices && d.choices.length > 0) line += ` (choices: ${d.choices.join(', ')})`;
  if (d.repeatable) line += ' (repeatable)';
  line += ` (default: ${d.default === null || d.default === undefined ? 'null' : JSON.stringify(d.default).replace(/^"(.*)"$/, '$1')})`;
  return line;
}
