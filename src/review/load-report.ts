/** Files on disk → report model, and writing a report's JSON + HTML. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toJsonText, writeFileAtomic } from '../artifacts/index.js';
import type { EvolutionThresholds } from './evolution/index.js';
import { renderRunReportHtml } from './html/report-html.js';
import type { RunFiles } from './locate-runs.js';
import { readTextLenient, readTranscriptFile } from './read-inputs.js';
import { buildRunReport } from './report-build.js';
import type { RunReport } from './report-types.js';
import { pct1 } from './text-utils.js';

let cachedVersion: string | null = null;
export function toolVersion(): string {
  if (cachedVersion === null) {
    try {
      cachedVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

export interface ReportSettings {
  evolution: boolean;
  thresholds: Partial<EvolutionThresholds>;
  imageDirs: string[];
  onInferredImage?: (p: string) => void;
}

export function loadRunReport(files: RunFiles, settings: ReportSettings): RunReport {
  const transcript = files.transcriptPath ? readTranscriptFile(files.transcriptPath) : null;
  const oplogText = files.oplogPath ? readTextLenient(files.oplogPath) : null;
  return buildRunReport({
    cliId: files.id,
    transcript,
    transcriptPath: files.transcriptPath ?? files.expectedTranscript,
    oplogText,
    oplogPath: files.oplogPath ?? files.expectedOplog,
    missingTranscript: files.transcriptPath === null,
    missingOplog: files.oplogPath === null,
    evolution: settings.evolution,
    thresholds: settings.thresholds,
    imageDirs: settings.imageDirs,
    toolVersion: toolVersion(),
    onInferredImage: settings.onInferredImage,
  });
}

/** `run-review: generation_id=… oplog_format=…` (oplog items omitted without an oplog). */
export function reportStatsLine(id: string, report: RunReport): string {
  const st = report.metadata.oplog_stats;
  if (!st) return `generation_id=${id}`;
  const failed = report.issues.some((i) => i.code === 'oplog_parse_failed');
  return `generation_id=${id} oplog_format=${st.detected_format} oplog_coverage=${pct1(st.total_lines === 0 ? 0 : st.parsed_lines / st.total_lines)}% (${st.parsed_lines}/${st.total_lines}) oplog_events=${st.event_count} unknown_lines=${st.unknown_event_count} oplog_parse_failed=${failed}`;
}

/** Render and write `<id>_run_report.json` then `.html`; returns both paths. */
export async function writeRunReportFiles(report: RunReport, id: string, outputDir: string, evolutionDisabled: boolean): Promise<{ jsonPath: string; htmlPath: string }> {
  const jsonPath = path.join(outputDir, `${id}_run_report.json`);
  const htmlPath = path.join(outputDir, `${id}_run_report.html`);
  const html = renderRunReportHtml(report, outputDir, { evolutionDisabled });
  await writeFileAtomic(jsonPath, toJsonText(report));
  await writeFileAtomic(htmlPath, html);
  return { jsonPath, htmlPath };
}
