/**
 * The config lines of the oplog header (generation.md §10): the config-source line right after the
 * logging lines, the other load notes and parse warnings after `Run started…`, each at its level.
 */
import type { LogLevel } from '../artifacts/index.js';

export interface ConfigNoteLike {
  level: string;
  message: string;
}

const LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];

function level(l: string): LogLevel {
  const up = l.toUpperCase();
  if (up === 'WARN') return 'WARNING';
  return (LEVELS as readonly string[]).includes(up) ? (up as LogLevel) : 'INFO';
}

const isSourceLine = (m: string): boolean => /^Loaded (config |built-in default config)/.test(m);

/** The config-source line of config.md §1 for a config meta `{mode, paths}`. */
export function sourceLineFromMeta(meta: Record<string, unknown> | null): string | null {
  if (!meta) return null;
  const paths = Array.isArray(meta.paths) ? (meta.paths as unknown[]).map(String) : [];
  const envVar = typeof meta.env_var === 'string' ? meta.env_var : 'IMAGE_PROJECT_CONFIG';
  switch (meta.mode) {
    case 'explicit': return `Loaded config from explicit path=${paths[0] ?? ''}`;
    case 'env': return `Loaded config from env ${envVar}=${paths[0] ?? ''}`;
    case 'base': return `Loaded config base=${paths[0] ?? ''}`;
    case 'base+local': return `Loaded config base=${paths[0] ?? ''} local=${paths[1] ?? ''}`;
    case 'builtin': return 'Loaded built-in default config';
    case 'builtin+local': return `Loaded built-in default config local=${paths[0] ?? ''}`;
    default: return null;
  }
}

export function configHeaderLines(
  meta: Record<string, unknown> | null,
  notes: readonly ConfigNoteLike[],
): { sourceLine: string | null; rest: { level: LogLevel; message: string }[] } {
  const fromNotes = notes.find((n) => isSourceLine(n.message));
  const rest = notes.filter((n) => n !== fromNotes).map((n) => ({ level: level(n.level), message: n.message }));
  return { sourceLine: fromNotes?.message ?? sourceLineFromMeta(meta), rest };
}
