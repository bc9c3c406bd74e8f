import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { withFieldContext } from './fields.js';
import type { Field, FieldContext } from './fields.js';
import { inFile } from './load.js';
import type { ConfigLayer, ConfigNote } from './load.js';
import { cloneConfigData, isMapping } from './merge.js';
import { normalizeConfigMapping } from './normalize.js';
import { configFields, REMOVED_IMAGE_KEYS, REMOVED_PROMPT_BLOCKS, UNKNOWN_ERROR_MESSAGES } from './schema.js';
import { checkInfra, checkPrompt, checkProviders } from './checks.js';
import type { AppConfig } from './types.js';

export interface ParseConfigOptions {
  workspaceRoot: string;
  env?: NodeJS.ProcessEnv;
  /** The layers the dict came from (`loadConfig().layers`), so errors name the file that set the key. */
  layers?: ConfigLayer[];
}

export interface ParsedConfig {
  config: AppConfig;
  /** Warnings and defaulting notes in parse order (infra, prompt, providers), each with its level. */
  warnings: ConfigNote[];
}

/** Key order of the parsed config (config.md §7). */
const OUTPUT_ORDER = ['strict', 'run', 'image', 'run_review', 'prompt', 'context', 'upscale', 'rclone', 'experiment', 'experiment_runners', 'providers'];
const INFRA = ['run', 'image', 'run_review', 'context', 'upscale', 'rclone', 'experiment', 'experiment_runners'];

function dotted(prefix: string, segments: readonly PropertyKey[]): string {
  let out = prefix;
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out;
}

function getAt(dict: unknown, keys: string[]): unknown {
  let cur = dict;
  for (const k of keys) {
    if (!isMapping(cur) || !(k in cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Raises config errors with the file that set (or should set) the key appended. */
class ErrorReporter {
  constructor(private readonly layers: ConfigLayer[] | undefined) {}

  /** The topmost layer setting any of `keyPaths` (or their nearest parent); the top file when none does. */
  sourceOf(...keyPaths: string[]): string | null {
    if (!this.layers || this.layers.length === 0) return null;
    let best = -1;
    for (const keyPath of keyPaths) {
      const keys = keyPath.replace(/\[\d+\].*$/, '').split('.');
      for (let n = keys.length; n > 0 && best < 0; n--) {
        for (let i = this.layers.length - 1; i >= 0; i--) {
          if (getAt(this.layers[i]!.dict, keys.slice(0, n)) !== undefined) {
            best = Math.max(best, i);
            break;
          }
        }
      }
      for (let i = this.layers.length - 1; i > best; i--) {
        if (getAt(this.layers[i]!.dict, keys) !== undefined) best = i;
      }
    }
    return this.layers[best >= 0 ? best : this.layers.length - 1]!.source;
  }

  error(message: string, ...keyPaths: string[]): ConfigError {
    const source = this.sourceOf(...keyPaths);
    return new ConfigError(source ? `${message}${inFile(source)}` : message);
  }
}

/**
 * Memo of successful section parses. An experiment parses one config per planned run and the runs differ in a
 * few keys (seed, labels), so most sections repeat verbatim; zod parsing them again dominated planning. A value is
 * memoised only when its result depends on nothing but the value and the workspace root: plain JSON data (finite
 * numbers, no `undefined` ambiguity) whose strings hold no `$` or `~` (path expansion reads the environment and the
 * home directory). Hits return a deep copy, so callers may mutate what they get.
 */
const PARSE_MEMO_LIMIT = 64;
const parseMemo = new WeakMap<Field, Map<string, unknown>>();

function memoKey(value: unknown, out: string[], depth: number): boolean {
  if (value === null) out.push('n');
  else if (value === undefined) out.push('u');
  else if (typeof value === 'string') {
    if (value.includes('$') || value.includes('~')) return false;
    out.push(JSON.stringify(value));
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    out.push(`#${value}`);
  } else if (typeof value === 'boolean') out.push(value ? 't' : 'f');
  else if (depth > 32 || typeof value !== 'object') return false;
  else if (Array.isArray(value)) {
    out.push('[');
    for (const item of value) if (!memoKey(item, out, depth + 1)) return false;
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    out.push('{');
    for (const k of Object.keys(value)) {
      out.push(JSON.stringify(k), ':');
      if (!memoKey((value as Record<string, unknown>)[k], out, depth + 1)) return false;
    }
    out.push('}');
  }
  return true;
}

function parseField<T>(field: Field<T>, value: unknown, keyPath: string, reporter: ErrorReporter, workspaceRoot?: string): T {
  let memo: Map<string, unknown> | undefined;
  let key: string | null = null;
  if (workspaceRoot !== undefined && isAbsolute(workspaceRoot)) {
    const parts: string[] = [workspaceRoot, '\u0000'];
    if (memoKey(value, parts, 0)) {
      key = parts.join('');
      memo = parseMemo.get(field);
      if (memo?.has(key)) return cloneConfigData(memo.get(key)) as T;
    }
  }
  const result = (field.parser as z.ZodType<T>).safeParse(value);
  if (result.success) {
    if (key !== null) {
      if (!memo) parseMemo.set(field, (memo = new Map()));
      if (memo.size >= PARSE_MEMO_LIMIT) memo.clear();
      memo.set(key, cloneConfigData(result.data));
    }
    return result.data;
  }
  const issue = result.error.issues[0]!;
  const at = dotted(keyPath, issue.path);
  throw reporter.error(issue.message.replaceAll('{path}', at), at);
}

/** Unknown keys of the sections checked by config.md §5, split by how they are reported. */
function unknownKeys(field: Field, value: unknown, at: string, out: { warn: string[]; error: Map<string, string[]> }): void {
  if (!field.children || !isMapping(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = at ? `${at}.${key}` : key;
    const known = field.children[key];
    if (!known) {
      if (field.unknownKeys === 'warn') out.warn.push(childPath);
      else if (field.unknownKeys === 'error') out.error.set(at, [...(out.error.get(at) ?? []), childPath]);
      continue;
    }
    unknownKeys(known, child, childPath, out);
  }
}

/**
 * Validate a layered config mapping (config.md §4–§7) into the typed `AppConfig`: defaults filled, paths absolute,
 * conditional requirements checked. Throws `ConfigError` with the spec's message (first error stops parsing).
 */
export function parseConfig(input: Record<string, unknown>, options: ParseConfigOptions): ParsedConfig {
  const ctx: FieldContext = { workspaceRoot: options.workspaceRoot, env: options.env ?? process.env };
  return withFieldContext(ctx, () => parseWithContext(input, options));
}

function parseWithContext(input: Record<string, unknown>, options: ParseConfigOptions): ParsedConfig {
  const reporter = new ErrorReporter(options.layers);
  let dict: Record<string, unknown>;
  try {
    dict = normalizeConfigMapping(input);
  } catch (err) {
    if (err instanceof ConfigError) throw reporter.error(err.message, err.message.startsWith('Duplicate') ? 'prompt.stage_configs.defaults' : 'run_review');
    throw err;
  }
  const fields = configFields();
  const warnings: ConfigNote[] = [];
  const strict = parseField(fields.strict as Field<boolean>, dict.strict, 'strict', reporter);

  // Removed keys are errors even without strict (before unknown-key handling so they are not reported as unknown).
  const image = dict.image;
  if (isMapping(image)) {
    for (const [key, message] of Object.entries(REMOVED_IMAGE_KEYS)) if (key in image) throw reporter.error(message, `image.${key}`);
  }

  const infraUnknown = { warn: [] as string[], error: new Map<string, string[]>() };
  const promptUnknown = { warn: [] as string[], error: new Map<string, string[]>() };
  const providerUnknown = { warn: [] as string[], error: new Map<string, string[]>() };
  for (const key of Object.keys(dict)) {
    const field = fields[key];
    if (!field) {
      if (key !== 'strict') infraUnknown.warn.push(key);
      continue;
    }
    const target = key === 'prompt' ? promptUnknown : key === 'providers' ? providerUnknown : infraUnknown;
    unknownKeys(field, dict[key], key, target);
  }
  const removedPrompt = isMapping(dict.prompt) ? REMOVED_PROMPT_BLOCKS.filter((k) => k in (dict.prompt as object)) : [];
  const promptWarn = promptUnknown.warn.filter((p) => !REMOVED_PROMPT_BLOCKS.some((r) => p === `prompt.${r}`));
  const topPromptWarn = promptWarn.filter((p) => p.split('.').length === 2);
  const nestedPromptWarn = promptWarn.filter((p) => p.split('.').length > 2);

  if (strict) {
    const all = [...infraUnknown.warn, ...nestedPromptWarn, ...providerUnknown.warn].sort();
    if (all.length) throw reporter.error(`Unknown config keys: ${all.join(', ')}`, all[0]!);
  }
  for (const p of infraUnknown.warn) warnings.push({ level: 'WARNING', message: `Unknown config key: ${p}` });

  const parsed: Record<string, unknown> = { strict };
  const root = options.workspaceRoot;
  for (const key of INFRA) parsed[key] = parseField(fields[key]!, dict[key], key, reporter, root);
  const fail = (message: string, ...keyPaths: string[]): never => {
    throw reporter.error(message, ...keyPaths);
  };
  checkInfra(parsed, dict, warnings, fail);

  // prompt
  if (removedPrompt.length) {
    fail(
      `Removed prompt config blocks present: ${removedPrompt.map((k) => `prompt.${k}`).join(', ')}. Move stage knobs under prompt.stage_configs.{defaults,instances}.`,
      `prompt.${removedPrompt[0]}`,
    );
  }
  if (strict && topPromptWarn.length) fail(`Unknown prompt config keys: ${topPromptWarn.sort().join(', ')}`, topPromptWarn[0]!);
  for (const [sectionPath, paths] of promptUnknown.error) {
    const build = UNKNOWN_ERROR_MESSAGES[sectionPath];
    fail(build ? build(paths.sort()) : `Unknown config keys: ${paths.sort().join(', ')}`, paths[0]!);
  }
  if (topPromptWarn.length) warnings.push({ level: 'WARNING', message: `Unknown prompt config keys: ${topPromptWarn.join(', ')}` });
  for (const p of nestedPromptWarn) warnings.push({ level: 'WARNING', message: `Unknown config key: ${p}` });
  parsed.prompt = parseField(fields.prompt!, dict.prompt, 'prompt', reporter, root);
  checkPrompt(parsed, dict, warnings, fail, strict);

  // providers
  for (const p of providerUnknown.warn) warnings.push({ level: 'WARNING', message: `Unknown config key: ${p}` });
  parsed.providers = parseField(fields.providers!, dict.providers, 'providers', reporter, root);
  checkProviders(parsed, dict, warnings);

  const ordered: Record<string, unknown> = {};
  for (const key of OUTPUT_ORDER) ordered[key] = parsed[key];
  return { config: ordered as unknown as AppConfig, warnings };
}

