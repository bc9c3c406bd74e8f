import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ConfigError } from '../errors.js';
import { isMapping } from './merge.js';

/** Parse YAML 1.2 (core schema) text; `label` names the file in messages. Empty → `{}`. */
export function parseConfigYaml(text: string, label: string): Record<string, unknown> {
  const body = text.replace(/^\uFEFF/, '');
  const doc = YAML.parseDocument(body, { schema: 'core', uniqueKeys: true, prettyErrors: true, version: '1.2' });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.message.split("\n")[0]!.trim().replace(/:$/, "");
    throw new ConfigError(`Invalid YAML in ${label}: ${line}`);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) throw new ConfigError(`Config file must contain a YAML mapping: ${label}`);
  return value;
}

/** Read and parse a config file (absolute path); missing → `Config file not found: <abs>`. */
export function readConfigFile(absPath: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`Config file not found: ${absPath}`);
    if (code === 'EISDIR') throw new ConfigError(`Config file is a directory: ${absPath}; point at a YAML file`);
    throw new ConfigError(`Cannot read config file ${absPath}: ${(err as Error).message}`);
  }
  return parseConfigYaml(text, absPath);
}
