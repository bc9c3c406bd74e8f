import path from 'node:path';

/**
 * The artifacts store root for the index refresh (generation.md §9.2): nearest ancestor-or-self of the log
 * directory named `_artifacts` (any case); else its parent when the log dir is named `logs`; else the log dir.
 * (Same rule as src/index `storeRootForLogPath`; kept here so a run does not load the index/SQLite modules.)
 */
export function artifactsStoreRoot(logDir: string): string {
  const abs = path.resolve(logDir);
  for (let dir = abs; ; dir = path.dirname(dir)) {
    if (path.basename(dir).toLowerCase() === '_artifacts') return dir;
    if (path.dirname(dir) === dir) break;
  }
  return path.basename(abs) === 'logs' ? path.dirname(abs) : abs;
}
