/** Oplog reader (review.md §2.2): headers in both formats, message rules, stats. */
import { matchMessage } from './oplog-rules.js';
import { round4 } from './text-utils.js';

export interface OplogEvent {
  type: string;
  timestamp: string;
  level: string;
  message: string;
  data: Record<string, unknown>;
  raw: string;
  /** 0-based position among non-blank lines (file order). */
  position: number;
  rule: number;
}

export interface SideEffect {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  raw: string;
}

export interface OplogStats {
  total_lines: number;
  parsed_lines: number;
  unparsed_lines: number;
  coverage: number;
  detected_format: 'pipe' | 'space' | 'mixed' | 'unknown';
  event_count: number;
  unknown_event_count: number;
  side_effect_count: number;
}

export interface ParsedOplog {
  events: OplogEvent[];
  sideEffects: SideEffect[];
  unknownEvents: string[];
  stats: OplogStats;
}

const PIPE_RE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3})\s*\|\s*(\w+)\s*\|\s*(.*)$/;
const SPACE_RE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3})\s+(\w+)\s+(.*)$/;

/** `YYYY-MM-DD HH:MM:SS,mmm` → `YYYY-MM-DDTHH:MM:SS.mmm`, or null when the date-time is invalid. */
export function oplogTimestamp(header: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3})$/.exec(header);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const dt = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}`;
}

/** Milliseconds since the epoch of an oplog ISO timestamp read as if UTC (plain wall-clock differences). */
export function tsMillis(ts: string | null | undefined): number | null {
  if (!ts) return null;
  const v = Date.parse(`${ts}Z`);
  return Number.isNaN(v) ? null : v;
}

export function parseOplogText(text: string): ParsedOplog {
  const events: OplogEvent[] = [];
  const sideEffects: SideEffect[] = [];
  const unknownEvents: string[] = [];
  let total = 0;
  let parsed = 0;
  let sawPipe = false;
  let sawSpace = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') continue;
    const position = total;
    total += 1;
    let fmt: 'pipe' | 'space' | null = null;
    let m = PIPE_RE.exec(line);
    let ts: string | null = null;
    if (m) {
      ts = oplogTimestamp(m[1] as string);
      if (ts) fmt = 'pipe';
    }
    if (!fmt) {
      m = SPACE_RE.exec(line);
      if (m) {
        ts = oplogTimestamp(m[1] as string);
        if (ts) fmt = 'space';
      }
    }
    if (!fmt || !m || !ts) {
      unknownEvents.push(line);
      continue;
    }
    parsed += 1;
    if (fmt === 'pipe') sawPipe = true;
    else sawSpace = true;
    const message = (m[3] as string).trim();
    const hit = matchMessage(message);
    if (!hit) {
      unknownEvents.push(line);
      continue;
    }
    events.push({ type: hit.type, timestamp: ts, level: (m[2] as string).toUpperCase(), message, data: hit.data, raw: line, position, rule: hit.rule });
    if (hit.sideEffect) sideEffects.push({ type: hit.type, timestamp: ts, data: hit.data, raw: line });
  }
  const detected = sawPipe && sawSpace ? 'mixed' : sawPipe ? 'pipe' : sawSpace ? 'space' : 'unknown';
  return {
    events,
    sideEffects,
    unknownEvents,
    stats: {
      total_lines: total,
      parsed_lines: parsed,
      unparsed_lines: total - parsed,
      coverage: total === 0 ? 0 : round4(parsed / total),
      detected_format: detected,
      event_count: events.length,
      unknown_event_count: unknownEvents.length,
      side_effect_count: sideEffects.length,
    },
  };
}
