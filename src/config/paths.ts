import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `data/` of the installed package (…/dist/config/paths.js and …/src/config/paths.ts both sit two levels below). */
const PACKAGE_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** Absolute path of a file bundled under the package's `data/` folder (`builtin:<rel>` resolves with it). */
export function packageDataPath(rel = ''): string {
  return path.join(PACKAGE_DATA_DIR, rel);
}

export const BUILTIN_PREFIX = 'builtin:';

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Workspace root (README decision 11): the nearest ancestor-or-self of `cwd` holding
 * `config/config.yaml`, else the nearest holding `package.json` or `.git`, else `cwd` itself.
 */
export function findWorkspaceRoot(cwd: string = process.cwd()): string {
  const start = path.resolve(cwd);
  const ancestors: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  const withConfig = ancestors.find((dir) => isFile(path.join(dir, 'config', 'config.yaml')));
  if (withConfig) return withConfig;
  const withMarker = ancestors.find((dir) => existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, '.git')));
  return withMarker ?? start;
}

/** `~` → home, `$VAR` / `${VAR}` → environment value (unknown variables are left as written). */
export function expandUserAndEnv(value: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = value;
  if (out === '~' || out.startsWith('~/') || out.startsWith(`~${path.sep}`)) out = path.join(os.homedir(), out.slice(1));
  return out.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const v = env[name];
    return v === undefined ? whole : v;
  });
}

/**
 * A config path value made absolute (config.md §4): `~` and `$VAR` expanded, `builtin:<rel>` → bundled data file,
 * other relative paths against `base` (the workspace root).
 */
export function resolvePathValue(value: string, workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const trimmed = value.trim();
  if (trimmed.startsWith(BUILTIN_PREFIX)) return packageDataPath(trimmed.slice(BUILTIN_PREFIX.length).replace(/^[/\\]+/, ''));
  const expanded = expandUserAndEnv(trimmed, env);
  return path.resolve(workspaceRoot, expanded);
}
