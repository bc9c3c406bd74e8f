/** Implementations of `config show` and `config schema` (config.md §10), imported lazily by the CLI. */
import YAML from 'yaml';
import { writeFileAtomic } from '../artifacts/atomic.js';
import { ConfigError } from '../errors.js';
import { BUILTIN_CONFIG_LABEL } from './builtin.js';
import { configJsonSchema } from './jsonSchema.js';
import { loadAndParseConfig } from './loadAndParse.js';
import path from 'node:path';

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
}

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** The effective config as YAML, preceded by `# source:` comment lines. */
export function renderConfigShow(configPath: string | undefined, cwd = process.cwd(), env = process.env): { text: string; messages: string[] } {
  const loaded = loadAndParseConfig({ configPath, cwd, env });
  const header = [`# source: ${BUILTIN_CONFIG_LABEL}`];
  if (loaded.sources.length === 0) header.push('# no config file found');
  for (const file of loaded.sources) header.push(`# source: ${file}`);
  const body = YAML.stringify(loaded.config, { lineWidth: 0, version: '1.2' });
  const messages = [...loaded.notes, ...loaded.warnings].map((n) => n.message);
  return { text: `${header.join('\n')}\n${body}`, messages };
}

export function runConfigShow(options: { configPath?: string }, io: CommandIo = processIo): number {
  const { text, messages } = renderConfigShow(options.configPath);
  for (const m of messages) io.stderr(`config show: ${m}`);
  io.stdout(text);
  return 0;
}

export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

export async function runConfigSchema(options: { output?: string }, io: CommandIo = processIo): Promise<number> {
  const text = configSchemaText();
  if (!options.output) {
    io.stdout(text);
    return 0;
  }
  const target = path.resolve(options.output);
  try {
    await writeFileAtomic(target, text);
  } catch (err) {
    throw new ConfigError(`cannot write ${target}: ${writeFailureReason(err)}`);
  }
  return 0;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a parent path is not a folder',
  EISDIR: 'the target is a folder',
  EEXIST: 'a parent path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'the folder cannot be created or written',
};

function writeFailureReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (err as Error).message;
}
