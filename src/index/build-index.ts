/**
 * `buildIndex` — the entry point of index-artifacts: validates roots and the output dir, holds the
 * index lock, and builds a single-root index (§2–§6) or a combined one (§7).
 */
import { mkdirSync, statSync, accessSync, constants } from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../artifacts/index.js';
import { UsageError, errorMessage } from '../errors.js';
import { findWorkspaceRoot } from '../config/paths.js';
import { indexStore, type StoreIndexResult } from './store-index.js';
import { buildCombinedIndex, type CombinedIndexResult } from './combined.js';

export interface BuildIndexOptions {
  /** Roots to scan (relative ones resolve against `cwd`); default `<workspace>/_artifacts`. */
  artifactsRoots?: string[];
  /** Where the index goes (relative resolves against `cwd`); default per index.md §1. */
  outputDir?: string;
  /** Ignore the incremental cache and re-read every source. */
  rebuild?: boolean;
  cwd?: string;
  /** Defaults resolve against it; found from `cwd` when not given. */
  workspaceRoot?: string;
  /** How long to wait for another indexer holding the lock (ms, default 300 s). */
  lockTimeoutMs?: number;
}

export type BuildIndexResult =
  | ({ combined: false } & StoreIndexResult)
  | ({ combined: true } & CombinedIndexResult);

function checkRoot(root: string): void {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new UsageError(`artifacts root not found: ${root}`);
  }
  if (!st.isDirectory()) throw new UsageError(`artifacts root not found: ${root} (it is not a directory)`);
}

function prepareOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new UsageError(`cannot write the index to ${dir}: ${errorMessage(err)}; choose another --output-dir`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `fn` under `<outputDir>/.index.lock`; concurrent indexers wait up to the timeout. */
export async function withIndexLock<T>(outputDir: string, fn: () => T, timeoutMs = 300_000): Promise<T> {
  const target = path.join(outputDir, '.index');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // Indexing runs synchronously, so the lock's mtime is not refreshed meanwhile: allow a minute before it counts as stale.
      return await withFileLock(target, fn, 60_000);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ELOCKED') throw err;
      if (Date.now() >= deadline) throw new UsageError(`Timed out waiting for lock: ${target}.lock (another index-artifacts is running)`);
      await sleep(100 + Math.floor(Math.random() * 50));
    }
  }
}

export async function buildIndex(opts: BuildIndexOptions = {}): Promise<BuildIndexResult> {
  const cwd = opts.cwd ?? process.cwd();
  const workspace = opts.workspaceRoot ?? findWorkspaceRoot(cwd);
  const roots = (opts.artifactsRoots && opts.artifactsRoots.length > 0 ? opts.artifactsRoots.map((r) => path.resolve(cwd, r)) : [path.join(workspace, '_artifacts')]);
  for (const r of roots) checkRoot(r);
  const combined = roots.length > 1;
  const outputDir = opts.outputDir
    ? path.resolve(cwd, opts.outputDir)
    : combined
      ? path.join(workspace, '_artifacts', 'index_combined')
      : path.join(roots[0]!, 'index');
  prepareOutputDir(outputDir);
  const rebuild = opts.rebuild === true;
  return withIndexLock(
    outputDir,
    (): BuildIndexResult =>
      combined
        ? { combined: true, ...buildCombinedIndex(roots, outputDir, rebuild) }
        : { combined: false, ...indexStore(roots[0]!, outputDir, rebuild) },
    opts.lockTimeoutMs,
  );
}
