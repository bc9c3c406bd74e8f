/** The automatic single-run report after a run when `run_review.enabled` (generation.md §9.1). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadRunReport, writeRunReportFiles } from './load-report.js';
import { discoverRun } from './locate-runs.js';

export interface AutoReportOptions {
  generationId: string;
  /** Where `<id>_transcript.json` and `<id>_oplog.log` are (`image.log_path`). */
  logsDir: string;
  /** Output folder (`run_review.review_path`); created if missing. */
  reviewDir: string;
  /** Image search dirs (`image.upscale_path`, `image.generation_path`); the transcript's image_path is tried first. */
  imageDirs?: string[];
}

/**
 * Build the report for one finished run and write `<reviewDir>/<id>_run_report.json` then `.html`.
 * Missing files are reported as `missing_*` issues (best effort). Throws on I/O or invalid transcript;
 * the caller logs `run_review failed: <message>` and keeps the run's status.
 */
export async function writeRunReviewReport(o: AutoReportOptions): Promise<{ jsonPath: string; htmlPath: string }> {
  const reviewDir = path.resolve(o.reviewDir);
  mkdirSync(reviewDir, { recursive: true });
  const files = discoverRun(o.generationId, path.resolve(o.logsDir), true);
  const report = loadRunReport(files, { evolution: true, thresholds: {}, imageDirs: (o.imageDirs ?? []).map((d) => path.resolve(d)) });
  return writeRunReportFiles(report, o.generationId, reviewDir, false);
}
