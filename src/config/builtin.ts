import { readFileSync } from 'node:fs';
import { cloneConfigData } from './merge.js';
import { packageDataPath } from './paths.js';
import { parseConfigYaml } from './yamlFile.js';

export const BUILTIN_CONFIG_LABEL = 'built-in default config';

let cached: Record<string, unknown> | null = null;

/** The built-in default config (config.md §8, `data/default_config.yaml`) as a fresh mapping. */
export function builtinConfigDict(): Record<string, unknown> {
  if (!cached) {
    const file = packageDataPath('default_config.yaml');
    cached = parseConfigYaml(readFileSync(file, 'utf8'), file);
  }
  return cloneConfigData(cached);
}
