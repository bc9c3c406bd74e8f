/**
 * Experiment registry (experiments.md §3.4): the four built-ins, then workspace plugins from
 * `<workspace>/experiment_plugins/*.mjs|*.js`, loaded in file-name order once per process.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { normalizePlugin, registryKey } from './plugin-validation.js';
import type { RegisteredPlugin } from './types.js';
import { abRefinementBlock } from './plugins/ab_refinement_block.js';
import { abScenespecJsonIntermediary } from './plugins/ab_scenespec_json_intermediary.js';
import { threeByThree } from './plugins/3x3.js';
import { profileV5ThreeByThree } from './plugins/profile_v5_3x3.js';

export interface PluginLoadError {
  file: string;
  type: string;
  message: string;
}

export interface Registry {
  plugins: Map<string, RegisteredPlugin>;
  loadErrors: PluginLoadError[];
}

export function builtinPlugins(): RegisteredPlugin[] {
  return [abRefinementBlock, abScenespecJsonIntermediary, threeByThree, profileV5ThreeByThree].map((raw) => {
    const plugin = normalizePlugin(raw);
    return { key: registryKey(plugin.name), plugin, ref: `builtin:${registryKey(plugin.name)}` };
  });
}

/** Workspace modules already imported in this process (a failing module is remembered, not retried). */
const moduleCache = new Map<string, { exports: unknown[] } | { error: PluginLoadError }>();

async function loadModule(file: string): Promise<{ exports: unknown[] } | { error: PluginLoadError }> {
  const cached = moduleCache.get(file);
  if (cached) return cached;
  let result: { exports: unknown[] } | { error: PluginLoadError };
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (mod.default === undefined) throw Object.assign(new Error('module has no default export'), { name: 'TypeError' });
    result = { exports: Array.isArray(mod.default) ? mod.default : [mod.default] };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    result = { error: { file, type: e.name || 'Error', message: e.message.split('\n')[0] ?? '' } };
  }
  moduleCache.set(file, result);
  return result;
}

export function workspacePluginFiles(workspaceRoot: string): string[] {
  const dir = path.join(workspaceRoot, 'experiment_plugins');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mjs') || f.endsWith('.js'))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

export async function loadRegistry(workspaceRoot: string): Promise<Registry> {
  const plugins = new Map<string, RegisteredPlugin>();
  for (const p of builtinPlugins()) plugins.set(p.key, p);
  const loadErrors: PluginLoadError[] = [];
  for (const file of workspacePluginFiles(workspaceRoot)) {
    const loaded = await loadModule(file);
    if ('error' in loaded) {
      loadErrors.push(loaded.error);
      continue;
    }
    const accepted: RegisteredPlugin[] = [];
    let failure: PluginLoadError | null = null;
    for (const raw of loaded.exports) {
      try {
        const plugin = normalizePlugin(raw);
        const key = registryKey(plugin.name);
        if (plugins.has(key) || accepted.some((a) => a.key === key)) {
          failure = { file, type: 'ValueError', message: `Duplicate experiment name: ${key}` };
          break;
        }
        accepted.push({ key, plugin, ref: `file:${file}#${plugin.name}` });
      } catch (err) {
        failure = { file, type: 'ValueError', message: `Invalid experiment plugin ${file}: ${(err as Error).message}` };
        break;
      }
    }
    if (failure) loadErrors.push(failure);
    else for (const a of accepted) plugins.set(a.key, a);
  }
  return { plugins, loadErrors };
}

export function sortedNames(registry: Registry): string[] {
  return [...registry.plugins.keys()].sort();
}

/** Look a name up (trimmed, case-insensitive) or throw the `Unknown experiment` usage error (§2.3). */
export function resolvePlugin(registry: Registry, name: string): RegisteredPlugin {
  const found = registry.plugins.get(registryKey(name));
  if (found) return found;
  let message = `Unknown experiment: '${name}'. Available: ${sortedNames(registry).join(', ')}`;
  if (registry.loadErrors.length > 0) {
    message += ` (plugin load errors: ${registry.loadErrors.map((e) => `${e.file}: ${e.message}`).join('; ')})`;
  }
  throw new UsageError(message);
}

export function loadErrorLine(e: PluginLoadError): string {
  return `experiments: could not load plugin ${e.file}: ${e.type}: ${e.message}`;
}
