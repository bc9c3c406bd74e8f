/** `--compare-experiment DIR`: compare each A/B pair, then summary.json and index.html (review.md §6). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { roundHalfUp, toJsonText, writeFileAtomic } from '../artifacts/index.js';
import { UsageError } from '../errors.js';
import { buildRunCompare } from './compare.js';
import { renderCompareHtml } from './html/compare-html.js';
import { renderExperimentIndexHtml } from './html/experiment-html.js';
import { loadRunReport, reportStatsLine, type ReportSettings } from './load-report.js';
import { checkIdForFileName, type RunFiles } from './locate-runs.js';
import type { ReviewIO } from './options.js';
import { readExperimentResults, readPairsManifest, type PairEntry, type ResultInfo, type SideError } from './pairs-manifest.js';
import { effectiveDurationMs } from './report-build.js';
import type { RunReport } from './report-types.js';
import { cmpStr, codePointLength, isPlainObject, round4, wordCount } from './text-utils.js';

export interface SummaryRun {
  generation_id: string;
  variant: string | null;
  status: 'missing' | 'error' | 'success';
  error: string | null;
  final_prompt: string | null;
  final_prompt_source: string | null;
  final_prompt_words: number | null;
  final_prompt_chars: number | null;
  duration_ms: number | null;
  image: string | null;
  analysis: unknown;
  analysis_ok: boolean | null;
  issue_counts: { error: number; warn: number; info: number };
}

export interface SummaryResult {
  run_index: number;
  a_generation_id: string;
  b_generation_id: string;
  status: 'success' | 'error';
  html?: string;
  json?: string;
  error?: string;
  a: SummaryRun | null;
  b: SummaryRun | null;
}

export interface ExperimentCompareOptions {
  dir: string;
  pairIndex: number | null;
  logsDir: string | null;
  imagesDirs: string[];
  outputDir: string;
  bestEffort: boolean;
  settings: ReportSettings;
  io: ReviewIO;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const relSlash = (from: string, to: string): string => path.relative(from, to).split(path.sep).join('/');

function errText(e: unknown): string | null {
  if (typeof e === 'string') return e;
  if (isPlainObject(e)) {
    const parts = [e.type, e.message].filter((x): x is string => typeof x === 'string' && x !== '');
    return parts.length ? parts.join(': ') : JSON.stringify(e);
  }
  return null;
}

function sideErrText(e: SideError | null): string | null {
  if (!e) return null;
  return [e.type, e.message].filter((x): x is string => !!x).join(': ') || null;
}

export function analysisChecks(analysis: unknown): Record<string, boolean> | null {
  if (!isPlainObject(analysis)) return null;
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(analysis)) if (isPlainObject(v) && typeof v.ok === 'boolean') out[k] = v.ok;
  return Object.keys(out).length ? out : null;
}

function summaryRun(id: string, report: RunReport | null, res: ResultInfo | undefined, sideError: SideError | null, outputDir: string): SummaryRun {
  const m = report?.metadata;
  const expVariant = m?.experiment && typeof m.experiment.variant === 'string' ? m.experiment.variant : null;
  const variant = expVariant ?? (typeof res?.variant_name === 'string' ? res.variant_name : null);
  const error = sideErrText(sideError) ?? errText(res?.error) ?? errText(m?.error ?? null);
  const failed = sideError !== null || res?.status === 'error' || report?.run_timing.outcome === 'failed';
  let finalPrompt = m?.final_prompt ?? null;
  let source: string | null = m?.final_prompt_source ?? null;
  if (finalPrompt === null && typeof res?.final_prompt === 'string') {
    finalPrompt = res.final_prompt;
    source = 'experiment_results';
  }
  const analysis = res?.analysis !== undefined && res.analysis !== null ? res.analysis : res?.analysis_error != null ? { analysis_error: res.analysis_error } : null;
  const checks = analysisChecks(res?.analysis);
  const counts = { error: 0, warn: 0, info: 0 };
  for (const i of report?.issues ?? []) counts[i.severity] += 1;
  const dur = report ? effectiveDurationMs(report) : null;
  return {
    generation_id: id,
    variant,
    status: report === null ? 'missing' : failed ? 'error' : 'success',
    error,
    final_prompt: finalPrompt,
    final_prompt_source: source,
    final_prompt_words: finalPrompt !== null ? wordCount(finalPrompt) : null,
    final_prompt_chars: finalPrompt !== null ? codePointLength(finalPrompt) : null,
    duration_ms: dur ?? (typeof res?.duration_ms === 'number' ? res.duration_ms : null),
    image: m?.artifact_paths.image ? relSlash(outputDir, m.artifact_paths.image) : null,
    analysis,
    analysis_ok: checks ? Object.values(checks).every(Boolean) : null,
    issue_counts: counts,
  };
}

const mean = (xs: number[], d: number): number | null => (xs.length === 0 ? null : roundHalfUp(xs.reduce((a, b) => a + b, 0) / xs.length, d));

function variantSummary(label: 'A' | 'B', runs: (SummaryRun | null)[], total: number): Record<string, unknown> {
  const known = runs.filter((r): r is SummaryRun => r !== null);
  const names = [...new Set(known.map((r) => r.variant).filter((v): v is string => v !== null))].sort(cmpStr);
  const succeeded = known.filter((r) => r.status === 'success').length;
  const withChecks = known.filter((r) => r.analysis_ok !== null);
  const passed = withChecks.filter((r) => r.analysis_ok === true).length;
  const nums = (f: (r: SummaryRun) => number | null): number[] => known.map(f).filter((x): x is number => typeof x === 'number');
  return {
    label,
    names,
    runs: total,
    succeeded,
    success_rate: total === 0 ? null : round4(succeeded / total),
    mean_final_prompt_words: mean(nums((r) => r.final_prompt_words), 1),
    mean_final_prompt_chars: mean(nums((r) => r.final_prompt_chars), 1),
    mean_duration_ms: mean(nums((r) => r.duration_ms), 0),
    analysis_runs: withChecks.length,
    analysis_passed: passed,
    analysis_pass_rate: withChecks.length === 0 ? null : round4(passed / withChecks.length),
  };
}

function filesFor(id: string, logsDir: string): RunFiles {
  const oplog = path.join(logsDir, `${id}_oplog.log`);
  const transcript = path.join(logsDir, `${id}_transcript.json`);
  return { id, oplogPath: isFile(oplog) ? oplog : null, transcriptPath: isFile(transcript) ? transcript : null, expectedOplog: oplog, expectedTranscript: transcript };
}

export async function runExperimentCompare(o: ExperimentCompareOptions): Promise<number> {
  const { dir, io, outputDir } = o;
  const manifest = readPairsManifest(dir);
  let selected: PairEntry[] = manifest.pairs;
  if (o.pairIndex !== null) {
    selected = manifest.pairs.filter((p) => p.run_index === o.pairIndex);
    if (selected.length === 0) {
      const avail = manifest.pairs.map((p) => p.run_index).join(', ') || '<none>';
      throw new UsageError(`pairs.json contains no pair with run_index=${o.pairIndex} (available: ${avail})`);
    }
  }
  const logsDir = o.logsDir ?? (existsSync(path.join(dir, 'logs')) && statSync(path.join(dir, 'logs')).isDirectory() ? path.join(dir, 'logs') : dir);
  let results: Map<string, ResultInfo> | null = null;
  try {
    results = readExperimentResults(dir);
  } catch (err) {
    io.err(`run-review: warning: ignoring experiment_results.json: ${err instanceof Error ? err.message : String(err)}`);
  }
  const settings: ReportSettings = { ...o.settings, imageDirs: [...o.imagesDirs, path.join(dir, 'upscaled'), path.join(dir, 'generated')] };
  const out: SummaryResult[] = [];
  for (const pair of selected) {
    const ida = pair.a_generation_id;
    const idb = pair.b_generation_id;
    const prefix = `run-review: run_index=${pair.run_index} A=${ida} B=${idb}`;
    const entry: SummaryResult = { run_index: pair.run_index, a_generation_id: ida, b_generation_id: idb, status: 'error', a: null, b: null };
    const reports: { a: RunReport | null; b: RunReport | null } = { a: null, b: null };
    try {
      checkIdForFileName(ida);
      checkIdForFileName(idb);
      const fa = filesFor(ida, logsDir);
      const fb = filesFor(idb, logsDir);
      const sideLoad = (f: RunFiles): RunReport | null => {
        if (!f.oplogPath && !f.transcriptPath) return null;
        try {
          return loadRunReport(f, settings);
        } catch {
          return null;
        }
      };
      const missing: string[] = [];
      for (const f of [fa, fb]) {
        const none = !f.oplogPath && !f.transcriptPath;
        if (o.bestEffort ? none : !f.oplogPath || !f.transcriptPath) {
          if (!f.oplogPath) missing.push(path.basename(f.expectedOplog as string));
          if (!f.transcriptPath) missing.push(path.basename(f.expectedTranscript as string));
        }
      }
      if (missing.length > 0) {
        reports.a = sideLoad(fa);
        reports.b = sideLoad(fb);
        throw new Error(`missing artifacts in logs_dir=${logsDir}: ${missing.join(', ')}`);
      }
      reports.a = loadRunReport(fa, settings);
      io.out(`run-review: ${reportStatsLine(ida, reports.a)}`);
      reports.b = loadRunReport(fb, settings);
      io.out(`run-review: ${reportStatsLine(idb, reports.b)}`);
      const cmp = buildRunCompare(reports.a, reports.b);
      const base = `${ida}_vs_${idb}_run_compare`;
      const html = renderCompareHtml(cmp, reports.a, reports.b, outputDir);
      await writeFileAtomic(path.join(outputDir, `${base}.json`), toJsonText(cmp));
      io.out(`run-review: wrote ${path.join(outputDir, `${base}.json`)}`);
      await writeFileAtomic(path.join(outputDir, `${base}.html`), html);
      io.out(`run-review: wrote ${path.join(outputDir, `${base}.html`)}`);
      entry.status = 'success';
      entry.html = `${base}.html`;
      entry.json = `${base}.json`;
      io.out(`${prefix} OK -> ${base}.html`);
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err);
      io.out(`${prefix} FAILED (${entry.error})`);
    }
    out.push({
      run_index: entry.run_index,
      a_generation_id: ida,
      b_generation_id: idb,
      status: entry.status,
      ...(entry.html !== undefined ? { html: entry.html, json: entry.json } : {}),
      ...(entry.error !== undefined ? { error: entry.error } : {}),
      a: reports.a ? summaryRun(ida, reports.a, results?.get(ida), pair.a_error, outputDir) : null,
      b: reports.b ? summaryRun(idb, reports.b, results?.get(idb), pair.b_error, outputDir) : null,
    });
  }
  const success = out.filter((r) => r.status === 'success').length;
  const relLogs = path.relative(dir, logsDir);
  const summary = {
    schema_version: 1,
    kind: 'experiment_compare_summary',
    experiment_id: manifest.experiment_id,
    pairs_path: 'pairs.json',
    logs_dir: relLogs === '' ? '.' : !relLogs.startsWith('..') && !path.isAbsolute(relLogs) ? relLogs.split(path.sep).join('/') : logsDir,
    selected: { all: o.pairIndex === null, run_index: o.pairIndex },
    counts: { total: out.length, success, failed: out.length - success },
    variants: { A: variantSummary('A', out.map((r) => r.a), out.length), B: variantSummary('B', out.map((r) => r.b), out.length) },
    results: out,
    index_html: 'index.html',
  };
  const html = renderExperimentIndexHtml(summary, dir, outputDir);
  const summaryPath = path.join(outputDir, 'summary.json');
  const indexPath = path.join(outputDir, 'index.html');
  await writeFileAtomic(summaryPath, toJsonText(summary));
  io.out(`run-review: wrote ${summaryPath}`);
  await writeFileAtomic(indexPath, html);
  io.out(`run-review: wrote ${indexPath}`);
  return summary.counts.failed > 0 ? 1 : 0;
}
