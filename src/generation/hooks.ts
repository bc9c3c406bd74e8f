/**
 * Post-run hooks (generation.md §9.1, §9.2): the run-review auto-report and the artifacts-index refresh.
 * Both modules belong to other areas and are imported lazily (fast start-up, no SQLite for runs that
 * skip the refresh); any failure is a logged error/warning and never changes the run's status or exit code.
 */
import { errorMessage } from '../errors.js';
import type { LogFn } from './oplog.js';

export interface RunReportRequest {
  generationId: string;
  transcriptPath: string | null;
  oplogPath: string;
  imageDirs: string[];
  outputDir: string;
  log: LogFn;
}

export interface RunReportFiles {
  json: string;
  html: string;
}

export type RunReportHook = (req: RunReportRequest) => Promise<RunReportFiles>;
export type IndexRefreshHook = (storeRoot: string, log: LogFn) => Promise<unknown>;

/** Default run-review hook: the single-run report of src/review (review.md §3, §4) for the run's files. */
export const defaultRunReportHook: RunReportHook = async (req) => {
  const [{ discoverRun }, { loadRunReport, writeRunReportFiles }, path] = await Promise.all([
    import('../review/locate-runs.js'), import('../review/load-report.js'), import('node:path'),
  ]);
  const logDir = path.dirname(req.oplogPath);
  const files = discoverRun(req.generationId, logDir, true);
  const report = loadRunReport(files, { evolution: true, thresholds: {}, imageDirs: req.imageDirs });
  const out = await writeRunReportFiles(report, req.generationId, req.outputDir, false);
  return { json: out.jsonPath, html: out.htmlPath };
};

/** Default index hook: the incremental single-root index of src/index (index.md), loaded lazily. */
export const defaultIndexRefreshHook: IndexRefreshHook = async (storeRoot) => {
  const { refreshArtifactsIndex } = await import('../index/index.js');
  return refreshArtifactsIndex(storeRoot);
};

export async function runReportHook(hook: RunReportHook, req: RunReportRequest): Promise<{ files: RunReportFiles | null; error: string | null }> {
  try {
    const files = await hook(req);
    req.log('INFO', `Wrote run_review report to ${files.json}`);
    req.log('INFO', `Wrote run_review report to ${files.html}`);
    return { files, error: null };
  } catch (err) {
    const message = errorMessage(err);
    req.log('ERROR', `run_review failed: ${message}`);
    return { files: null, error: message };
  }
}

export async function indexRefreshHook(hook: IndexRefreshHook, storeRoot: string, log: LogFn): Promise<void> {
  try {
    await hook(storeRoot, log);
    log('INFO', `Updated artifacts index under ${storeRoot}`);
  } catch (err) {
    log('WARNING', `Artifacts index update failed: ${errorMessage(err)}`);
  }
}
