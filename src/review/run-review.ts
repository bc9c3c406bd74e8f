/** `image-project run-review`: dispatch to single, compare or experiment mode (review.md §1). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { toJsonText, writeFileAtomic } from '../artifacts/index.js';
import { UsageError } from '../errors.js';
import { buildRunCompare } from './compare.js';
import { runExperimentCompare } from './experiment-mode.js';
import { renderCompareHtml } from './html/compare-html.js';
import { loadRunReport, reportStatsLine, writeRunReportFiles, type ReportSettings } from './load-report.js';
import { checkIdForFileName, discoverRun, explicitRun, mostRecentRun, type RunFiles } from './locate-runs.js';
import { validateOptions, type ReviewIO, type RunReviewOptions } from './options.js';
import { loadReviewPaths, type ReviewPaths } from './review-config.js';

export const stdio: ReviewIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Run the command; returns the exit code (0, 1 or 2). Usage/config errors are thrown (exit 2). */
export async function runReview(o: RunReviewOptions, io: ReviewIO = stdio): Promise<number> {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const { thresholds, pairIndex } = validateOptions(o);
  const outputDir = path.resolve(cwd, o.outputDir ?? '.');
  try {
    mkdirSync(outputDir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create --output-dir ${outputDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const evolution = o.evolution !== false;
  const imagesDirs = (o.imagesDir ?? []).map((d) => path.resolve(cwd, d));

  if (o.compareExperiment !== undefined) {
    return runExperimentCompare({
      dir: path.resolve(cwd, o.compareExperiment),
      pairIndex,
      logsDir: o.logsDir !== undefined ? path.resolve(cwd, o.logsDir) : null,
      imagesDirs,
      outputDir,
      bestEffort: !!o.bestEffort,
      settings: { evolution, thresholds, imageDirs: [], onInferredImage: (p) => io.out(`run-review: inferred image path ${p}`) },
      io,
    });
  }

  const hasFiles = o.oplog !== undefined || o.transcript !== undefined;
  let mostRecent = !!o.mostRecent;
  if (!mostRecent && !hasFiles && o.generationId === undefined && o.compare === undefined) {
    io.out('run-review: no run selected; defaulting to --most-recent');
    mostRecent = true;
  }
  const explicit = hasFiles
    ? explicitRun({
        generationId: o.generationId,
        oplog: o.oplog !== undefined ? path.resolve(cwd, o.oplog) : undefined,
        transcript: o.transcript !== undefined ? path.resolve(cwd, o.transcript) : undefined,
        bestEffort: !!o.bestEffort,
      })
    : null;
  const needLogs = o.logsDir === undefined && !hasFiles;
  const needImages = imagesDirs.length === 0;
  let cfg: ReviewPaths | null = null;
  if (needLogs || needImages) cfg = loadReviewPaths(o, io);
  let logsDir: string;
  if (o.logsDir !== undefined) logsDir = path.resolve(cwd, o.logsDir);
  else {
    logsDir = cfg?.logPath ?? cwd;
    if (!hasFiles) io.out(`run-review: logs dir ${logsDir} (from image.log_path)`);
  }
  const imageDirs = imagesDirs.length > 0 ? imagesDirs : [cfg?.upscalePath, cfg?.generationPath].filter((x): x is string => !!x);
  const settings: ReportSettings = {
    evolution,
    thresholds,
    imageDirs,
    onInferredImage: (p) => io.out(`run-review: inferred image path ${p}`),
  };
  const bestEffort = !!o.bestEffort;

  if (o.compare !== undefined) {
    const [ida, idb] = o.compare as [string, string];
    checkIdForFileName(ida);
    checkIdForFileName(idb);
    const fa = discoverRun(ida, logsDir, bestEffort);
    const fb = discoverRun(idb, logsDir, bestEffort);
    const ra = loadRunReport(fa, settings);
    io.out(`run-review: ${reportStatsLine(ida, ra)}`);
    const rb = loadRunReport(fb, settings);
    io.out(`run-review: ${reportStatsLine(idb, rb)}`);
    const cmp = buildRunCompare(ra, rb);
    const base = `${ida}_vs_${idb}_run_compare`;
    const html = renderCompareHtml(cmp, ra, rb, outputDir);
    const jsonPath = path.join(outputDir, `${base}.json`);
    const htmlPath = path.join(outputDir, `${base}.html`);
    await writeFileAtomic(jsonPath, toJsonText(cmp));
    io.out(`run-review: wrote ${jsonPath}`);
    await writeFileAtomic(htmlPath, html);
    io.out(`run-review: wrote ${htmlPath}`);
    return 0;
  }

  let files: RunFiles;
  if (explicit) {
    files = explicit;
  } else if (mostRecent) {
    const pick = mostRecentRun(logsDir, bestEffort);
    io.out(`run-review: selected most recent generation_id=${pick.id} (basis=${pick.basis})`);
    files = discoverRun(pick.id, logsDir, true);
  } else {
    files = discoverRun(o.generationId as string, logsDir, bestEffort);
  }
  const report = loadRunReport(files, settings);
  io.out(`run-review: ${reportStatsLine(files.id, report)}`);
  const written = await writeRunReportFiles(report, files.id, outputDir, !evolution);
  io.out(`run-review: wrote ${written.jsonPath}`);
  io.out(`run-review: wrote ${written.htmlPath}`);
  return 0;
}
