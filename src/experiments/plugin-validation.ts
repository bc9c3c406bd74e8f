/** Turns a plugin object (built-in or workspace module) into a checked `ExperimentPlugin` (experiments.md §3.1, §3.2). */
import type { ExperimentOption, ExperimentPlugin } from './types.js';

export const RUNNER_OPTION_FLAGS = [
  '--config-path', '--output-root', '--experiment-id', '--mode', '--dry-run', '--resume', '--retry-errors',
  '--continue-on-error', '--concurrency', '--enable-upscale', '--enable-upload', '--no-fail-on-config-error',
  '--debug', '--help',
] as const;

export const PLUGIN_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;

export class PluginDefinitionError extends Error {
  readonly type = 'PluginDefinitionError';
}

/** `--runs-per-set` → `runs_per_set` */
export function destOf(option: Pick<ExperimentOption, 'flag' | 'dest'>): string {
  return option.dest ?? option.flag.replace(/^--/, '').replace(/-/g, '_');
}

export function registryKey(name: string): string {
  return name.trim().toLowerCase();
}

function member(obj: Record<string, unknown>, camel: string, snake: string): unknown {
  const hasCamel = obj[camel] !== undefined;
  const hasSnake = obj[snake] !== undefined;
  if (hasCamel && hasSnake) throw new PluginDefinitionError(`${camel} defined twice`);
  return hasCamel ? obj[camel] : obj[snake];
}

function checkOption(raw: unknown, name: string, index: number): ExperimentOption {
  if (!raw || typeof raw !== 'object') throw new PluginDefinitionError(`options[${index}] must be an object`);
  const o = raw as Record<string, unknown>;
  const flag = o['flag'];
  if (typeof flag !== 'string' || !/^--[a-z0-9][a-z0-9-]*$/.test(flag)) {
    throw new PluginDefinitionError(`options[${index}].flag must be a --kebab-case string`);
  }
  if ((RUNNER_OPTION_FLAGS as readonly string[]).includes(flag)) {
    throw new PluginDefinitionError(`Experiment '${name}' option ${flag} collides with a runner option`);
  }
  const type = o['type'];
  if (type !== 'int' && type !== 'string' && type !== 'flag') {
    throw new PluginDefinitionError(`options[${index}].type must be int, string or flag`);
  }
  if (o['dest'] !== undefined && (typeof o['dest'] !== 'string' || !o['dest'])) {
    throw new PluginDefinitionError(`options[${index}].dest must be a non-empty string`);
  }
  if (o['choices'] !== undefined && (!Array.isArray(o['choices']) || o['choices'].some((c) => typeof c !== 'string'))) {
    throw new PluginDefinitionError(`options[${index}].choices must be a list of strings`);
  }
  if (typeof o['help'] !== 'string') throw new PluginDefinitionError(`options[${index}].help must be a string`);
  return {
    flag,
    dest: o['dest'] as string | undefined,
    type,
    default: o['default'] === undefined ? (type === 'flag' ? false : null) : o['default'],
    choices: o['choices'] as string[] | undefined,
    repeatable: o['repeatable'] === true,
    help: o['help'],
    metavar: typeof o['metavar'] === 'string' ? o['metavar'] : undefined,
  };
}

/** Validate members, resolve the snake_case aliases and fill option defaults. */
export function normalizePlugin(raw: unknown): ExperimentPlugin {
  if (!raw || typeof raw !== 'object') throw new PluginDefinitionError('plugin must be an object');
  const obj = raw as Record<string, unknown>;
  const name = obj['name'];
  if (typeof name !== 'string' || !name.trim()) throw new PluginDefinitionError('name must be a non-empty string');
  const key = registryKey(name);
  if (!PLUGIN_NAME_PATTERN.test(key)) throw new PluginDefinitionError(`name '${name}' must match ${PLUGIN_NAME_PATTERN.source}`);
  const summary = obj['summary'];
  if (typeof summary !== 'string' || !summary.trim() || /[\r\n]/.test(summary)) {
    throw new PluginDefinitionError('summary must be a non-empty one-line string');
  }
  const mode = member(obj, 'defaultRunMode', 'default_run_mode');
  if (mode !== 'full' && mode !== 'prompt_only') throw new PluginDefinitionError('defaultRunMode must be "full" or "prompt_only"');
  const rawOptions = obj['options'] ?? [];
  if (!Array.isArray(rawOptions)) throw new PluginDefinitionError('options must be a list');
  const options = rawOptions.map((o, i) => checkOption(o, key, i));
  const seen = new Set<string>();
  for (const o of options) {
    const d = destOf(o);
    if (seen.has(o.flag) || seen.has(`dest:${d}`)) throw new PluginDefinitionError(`option ${o.flag} declared twice`);
    seen.add(o.flag);
    seen.add(`dest:${d}`);
  }
  const buildPlan = member(obj, 'buildPlan', 'build_plan');
  if (typeof buildPlan !== 'function') throw new PluginDefinitionError('buildPlan must be a function');
  const analyzeRun = member(obj, 'analyzeRun', 'analyze_run');
  if (analyzeRun !== undefined && typeof analyzeRun !== 'function') throw new PluginDefinitionError('analyzeRun must be a function');
  const pairs = member(obj, 'buildPairsManifest', 'build_pairs_manifest');
  if (pairs !== undefined && typeof pairs !== 'function') throw new PluginDefinitionError('buildPairsManifest must be a function');
  const bind = <F>(fn: unknown): F | undefined => (typeof fn === 'function' ? (fn.bind(obj) as F) : undefined);
  return {
    name: name.trim(),
    summary: summary.trim(),
    defaultRunMode: mode,
    options,
    buildPlan: bind<ExperimentPlugin['buildPlan']>(buildPlan)!,
    analyzeRun: bind<NonNullable<ExperimentPlugin['analyzeRun']>>(analyzeRun),
    buildPairsManifest: bind<NonNullable<ExperimentPlugin['buildPairsManifest']>>(pairs),
  };
}
