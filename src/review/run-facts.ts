/** Run-level facts of a report: oplog health issues, run timing, effective duration (review.md §2.5, §3.4). */
import { tsMillis, type ParsedOplog } from './oplog-parse.js';
import { makeIssue, type Issue, type RunReport, type RunTiming } from './report-types.js';
import { pct1 } from './text-utils.js';

export function runFailedMessage(phase: unknown, type: unknown, message: unknown): string {
  let s = 'Run failed';
  if (typeof phase === 'string' && phase !== '') s += ` during phase ${phase}`;
  const tail = [type, message].filter((x): x is string => typeof x === 'string' && x !== '');
  if (tail.length > 0) s += `: ${tail.join(': ')}`;
  return s;
}

export function oplogIssues(parsed: ParsedOplog, oplogPath: string | null): Issue[] {
  const st = parsed.stats;
  const out: Issue[] = [];
  const pt = `${st.parsed_lines}/${st.total_lines}`;
  const cov = st.total_lines === 0 ? 0 : st.parsed_lines / st.total_lines;
  if (st.total_lines === 0) out.push(makeIssue('warn', 'oplog_empty', 'Oplog is empty', null, oplogPath));
  else if (st.unparsed_lines / st.total_lines >= 0.95) {
    out.push(makeIssue('error', 'oplog_parse_failed', `Oplog header parse failed: parsed ${pt} lines (coverage ${pct1(cov)}%).`, null, oplogPath));
  } else if (st.parsed_lines > 0 && st.event_count === 0) {
    out.push(makeIssue('warn', 'oplog_parse_failed', `Oplog semantic parse produced 0 events (${pt} headers parsed). Log formats may have changed.`, null, oplogPath));
  } else if (cov < 0.9) {
    out.push(makeIssue('warn', 'oplog_low_coverage', `Oplog header parse coverage low: parsed ${pt} lines (coverage ${pct1(cov)}%).`, null, oplogPath));
  }
  return out;
}

export function runTiming(parsed: ParsedOplog | null, failed: boolean): RunTiming {
  const evs = parsed?.events ?? [];
  const starts = evs.filter((e) => e.type === 'run_start').map((e) => e.timestamp).sort();
  const ends = evs.filter((e) => e.type === 'run_end' || e.type === 'run_failed').map((e) => e.timestamp).sort();
  const start = starts[0] ?? null;
  const end = ends[ends.length - 1] ?? null;
  const a = tsMillis(start);
  const b = tsMillis(end);
  const hasFailed = failed || evs.some((e) => e.type === 'run_failed');
  const outcome = hasFailed ? 'failed' : evs.some((e) => e.type === 'run_end') ? 'success' : 'unknown';
  return { start_ts: start, end_ts: end, runtime_ms: a !== null && b !== null ? b - a : null, outcome };
}

/** Effective duration (HTML, comparisons): runtime_ms, else max step end − min step start. */
export function effectiveDurationMs(report: RunReport): number | null {
  if (report.run_timing.runtime_ms !== null) return report.run_timing.runtime_ms;
  const starts = report.steps.map((s) => tsMillis(s.timing.start_ts)).filter((x): x is number => x !== null);
  const ends = report.steps.map((s) => tsMillis(s.timing.end_ts)).filter((x): x is number => x !== null);
  if (starts.length === 0 || ends.length === 0) return null;
  return Math.max(...ends) - Math.min(...starts);
}
