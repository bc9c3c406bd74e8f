/**
 * The index refresh that `generate` (generation.md §9.2) and the experiment runner
 * (experiments.md §4.11) call: the same incremental single-root index as `index-artifacts`.
 */
import path from 'node:path';
import { buildIndex } from './build-index.js';
import type { StoreIndexResult } from './store-index.js';

/** Incrementally (re)index one artifacts root into `<root>/index`. Throws on failure; callers log it. */
export async function refreshArtifactsIndex(artifactsRoot: string): Promise<StoreIndexResult> {
  const root = path.resolve(artifactsRoot);
  const res = await buildIndex({ artifactsRoots: [root], outputDir: path.join(root, 'index'), workspaceRoot: path.dirname(root) });
  if (res.combined) throw new Error('unexpected combined index for one root');
  return res;
}

function isArtifactsName(name: string): boolean {
  return name.toLowerCase() === '_artifacts';
}

/**
 * generation.md §9.2: nearest ancestor-or-self of the log dir named `_artifacts` (case-insensitive);
 * else its parent if the log dir is named `logs`; else the log dir.
 */
export function storeRootForLogPath(logPath: string): string {
  const abs = path.resolve(logPath);
  for (let dir = abs; ; dir = path.dirname(dir)) {
    if (isArtifactsName(path.basename(dir))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  return path.basename(abs) === 'logs' ? path.dirname(abs) : abs;
}

/**
 * experiments.md §4.11: the output root up to its first component named `_artifacts`
 * (case-insensitive), else `<workspace>/_artifacts` with `defaulted: true` (the caller warns).
 */
export function storeRootForOutputRoot(outputRoot: string, workspaceRoot: string): { root: string; defaulted: boolean } {
  const abs = path.resolve(outputRoot);
  const parts = abs.split(path.sep);
  const at = parts.findIndex((p) => isArtifactsName(p));
  if (at >= 0) return { root: parts.slice(0, at + 1).join(path.sep) || path.sep, defaulted: false };
  return { root: path.join(path.resolve(workspaceRoot), '_artifacts'), defaulted: true };
}
