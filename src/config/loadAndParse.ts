import type { LoadConfigOptions, LoadedConfig, ConfigNote } from './load.js';
import { loadConfig } from './load.js';
import { parseConfig } from './parse.js';
import type { AppConfig } from './types.js';

export interface LoadedAndParsedConfig extends LoadedConfig {
  config: AppConfig;
  /** Validation warnings and defaulting notes of parseConfig (load notes stay in `notes`). */
  warnings: ConfigNote[];
}

/** `loadConfig` + `parseConfig` with errors naming the file that set the offending key. */
export function loadAndParseConfig(options: LoadConfigOptions = {}): LoadedAndParsedConfig {
  const loaded = loadConfig(options);
  const { config, warnings } = parseConfig(loaded.dict, {
    workspaceRoot: loaded.meta.workspace_root,
    env: options.env,
    layers: loaded.layers,
  });
  return { ...loaded, config, warnings };
}
