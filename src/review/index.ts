/** review/: run reports, run comparison, experiment pair comparison, evolution analysis (review.md). */
export { runReview, stdio } from './run-review.js';
export type { RunReviewOptions, ReviewIO } from './options.js';
export { buildRunReport } from './report-build.js';
export { parseOplogText } from './oplog-parse.js';
export { buildRunCompare } from './compare.js';
export { wordDiff } from './word-diff.js';
export { writeRunReviewReport } from './auto-report.js';
export type { RunReport, Issue, ReportStep } from './report-types.js';
