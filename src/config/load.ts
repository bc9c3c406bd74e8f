import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LogLevel } from '../artifacts/logger.js';
import { ConfigError } from '../errors.js';
import { BUILTIN_CONFIG_LABEL, builtinConfigDict } from './builtin.js';
import { deepMerge, isMapping } from './merge.js';
import { dropOverriddenUpscaleSize, normalizeConfigMapping } from './normalize.js';
import { expandUserAndEnv, findWorkspaceRoot } from './paths.js';
import { readConfigFile } from './yamlFile.js';

export const CONFIG_ENV_VAR = 'IMAGE_PROJECT_CONFIG';

export type ConfigMode = 'explicit' | 'env' | 'base' | 'base+local' | 'builtin' | 'builtin+local';

export interface ConfigMeta {
  mode: ConfigMode;
  paths: string[];
  env_var: typeof CONFIG_ENV_VAR;
  workspace_root: string;
}

export interface ConfigNote {
  level: LogLevel;
  message: string;
}

/** One layer of the effective config: the built-in default or one file, as read (after the renames of §1). */
export interface ConfigLayer {
  /** Absolute file path, or `built-in default config`. */
  source: string;
  dict: Record<string, unknown>;
}

export interface LoadedConfig {
  /** Built-in default layered with the files read (config.md §1); not yet validated. */
  dict: Record<string, unknown>;
  meta: ConfigMeta;
  /** Absolute paths of the files read, in layering order (empty when only the built-in config is used). */
  sources: string[];
  /** INFO/WARNING load notes: the config-source line first, then provider defaulting notes. */
  notes: ConfigNote[];
  /** Built-in layer first, then each file; used to name the file an error comes from. */
  layers: ConfigLayer[];
}

export interface LoadConfigOptions {
  /** `--config-path` (relative to `cwd`). */
  configPath?: string | null;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Suffix naming the file a config error comes from. */
export function inFile(source: string): string {
  return source === BUILTIN_CONFIG_LABEL ? ` (in the ${BUILTIN_CONFIG_LABEL})` : ` (in ${source})`;
}

function withSource<T>(source: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError && !err.message.includes(source)) {
      throw new ConfigError(`${err.message}${inFile(source)}`, { cause: err });
    }
    throw err;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function readLayer(abs: string): ConfigLayer {
  return withSource(abs, () => ({ source: abs, dict: normalizeConfigMapping(readConfigFile(abs)) }));
}

/**
 * Choose the config source (config.md §1: `--config-path`, env `IMAGE_PROJECT_CONFIG`, workspace
 * `config/config.yaml` [+ `config.local.yaml`], or the built-in default [+ local]) and layer the files over
 * the built-in default config. Throws `ConfigError` for a missing file, bad YAML or a merge clash.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const workspaceRoot = findWorkspaceRoot(cwd);
  const explicit = options.configPath?.trim() ? options.configPath.trim() : null;
  const fromEnv = env[CONFIG_ENV_VAR]?.trim() ? env[CONFIG_ENV_VAR]!.trim() : null;
  const base = path.join(workspaceRoot, 'config', 'config.yaml');
  const local = path.join(workspaceRoot, 'config', 'config.local.yaml');

  let mode: ConfigMode;
  let files: string[];
  let sourceLine: string;
  if (explicit) {
    const abs = path.resolve(cwd, expandUserAndEnv(explicit, env));
    if (!existsSync(abs)) throw new ConfigError(`Config file not found: ${abs}`);
    mode = 'explicit';
    files = [abs];
    sourceLine = `Loaded config from explicit path=${abs}`;
  } else if (fromEnv) {
    const abs = path.resolve(cwd, expandUserAndEnv(fromEnv, env));
    if (!existsSync(abs)) throw new ConfigError(`Config file not found: ${abs}`);
    mode = 'env';
    files = [abs];
    sourceLine = `Loaded config from env ${CONFIG_ENV_VAR}=${abs}`;
  } else if (isFile(base)) {
    const withLocal = isFile(local);
    mode = withLocal ? 'base+local' : 'base';
    files = withLocal ? [base, local] : [base];
    sourceLine = withLocal ? `Loaded config base=${base} local=${local}` : `Loaded config base=${base}`;
  } else {
    const withLocal = isFile(local);
    mode = withLocal ? 'builtin+local' : 'builtin';
    files = withLocal ? [local] : [];
    sourceLine = withLocal ? `Loaded built-in default config local=${local}` : 'Loaded built-in default config';
  }

  const layers: ConfigLayer[] = [{ source: BUILTIN_CONFIG_LABEL, dict: builtinConfigDict() }];
  for (const file of files) layers.push(readLayer(file));

  let dict: Record<string, unknown> = layers[0]!.dict;
  for (const layer of layers.slice(1)) {
    dict = withSource(layer.source, () => {
      const merged = deepMerge(dropOverriddenUpscaleSize(dict, layer.dict), layer.dict);
      return isMapping(merged) ? merged : {};
    });
  }

  const notes: ConfigNote[] = [{ level: 'INFO', message: sourceLine }];
  if (files.length > 0) {
    for (const kind of ['text', 'image'] as const) {
      const setByFile = layers.slice(1).some((l) => isMapping(l.dict.providers) && isMapping(l.dict.providers[kind]) && l.dict.providers[kind].provider != null);
      if (!setByFile) notes.push({ level: 'INFO', message: `Config key providers.${kind} is not set; defaulting to provider=offline` });
    }
  }
  return {
    dict,
    meta: { mode, paths: files, env_var: CONFIG_ENV_VAR, workspace_root: workspaceRoot },
    sources: files,
    notes,
    layers,
  };
}
