/** Locating a run's oplog and transcript (review.md §1.4). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { cmpStr } from './text-utils.js';

export interface RunFiles {
  id: string;
  transcriptPath: string | null;
  oplogPath: string | null;
  /** Expected paths, for `missing_*` issues. */
  expectedTranscript: string | null;
  expectedOplog: string | null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Ids in file names: non-empty, not `.`/`..`, no `/`, `\`, NUL. */
export function checkIdForFileName(id: string, what = 'generation id'): void {
  if (id === '' || id === '.' || id === '..' || /[/\\\0]/.test(id)) {
    throw new UsageError(`Invalid ${what} '${id}': ids used in file names must be non-empty, not '.' or '..', and contain no '/', '\\' or NUL`);
  }
}

/** Discovery by id in a logs dir. */
export function discoverRun(id: string, logsDir: string, bestEffort: boolean): RunFiles {
  checkIdForFileName(id);
  const oplog = path.resolve(logsDir, `${id}_oplog.log`);
  const transcript = path.resolve(logsDir, `${id}_transcript.json`);
  const hasOplog = isFile(oplog);
  const hasTranscript = isFile(transcript);
  if (!bestEffort) {
    if (!hasOplog) {
      throw new UsageError(`Could not find oplog for ${id} in ${logsDir} (expected ${id}_oplog.log; use --best-effort to continue without it)`);
    }
    if (!hasTranscript) {
      throw new UsageError(`Could not find transcript for ${id} in ${logsDir} (expected ${id}_transcript.json; use --best-effort to continue without it)`);
    }
  }
  return { id, transcriptPath: hasTranscript ? transcript : null, oplogPath: hasOplog ? oplog : null, expectedTranscript: transcript, expectedOplog: oplog };
}

/** Explicit `--oplog` / `--transcript` files. */
export function explicitRun(opts: { generationId?: string; oplog?: string; transcript?: string; bestEffort: boolean }): RunFiles {
  const oplog = opts.oplog ? path.resolve(opts.oplog) : null;
  const transcript = opts.transcript ? path.resolve(opts.transcript) : null;
  if (oplog && !isFile(oplog)) throw new UsageError(`Oplog file not found: ${oplog}`);
  if (transcript && !isFile(transcript)) throw new UsageError(`Transcript file not found: ${transcript}`);
  if (!opts.bestEffort) {
    if (!transcript) throw new UsageError('Missing --transcript (set --best-effort to continue)');
    if (!oplog) throw new UsageError('Missing --oplog (set --best-effort to continue)');
  }
  let id = opts.generationId;
  if (!id && transcript && path.basename(transcript).endsWith('_transcript.json')) id = path.basename(transcript).slice(0, -'_transcript.json'.length);
  if (!id && oplog && path.basename(oplog).endsWith('_oplog.log')) id = path.basename(oplog).slice(0, -'_oplog.log'.length);
  if (!id) id = 'unknown';
  checkIdForFileName(id);
  return { id, transcriptPath: transcript, oplogPath: oplog, expectedTranscript: transcript, expectedOplog: oplog };
}

/** Newest run in a logs dir; returns the id and the newest file's name (the basis). */
export function mostRecentRun(logsDir: string, bestEffort: boolean): { id: string; basis: string } {
  if (!existsSync(logsDir) || !statSync(logsDir).isDirectory()) throw new UsageError(`logs dir does not exist: ${logsDir}`);
  const runs = new Map<string, { transcript?: number; oplog?: number; newest: number; basis: string }>();
  for (const name of readdirSync(logsDir)) {
    let suffix: 'transcript' | 'oplog' | null = null;
    if (name.endsWith('_transcript.json')) suffix = 'transcript';
    else if (name.endsWith('_oplog.log')) suffix = 'oplog';
    if (!suffix) continue;
    const full = path.join(logsDir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    const id = name.slice(0, -(suffix === 'transcript' ? '_transcript.json' : '_oplog.log').length);
    if (id === '') continue;
    const entry = runs.get(id) ?? { newest: -Infinity, basis: name };
    entry[suffix] = st.mtimeMs;
    if (st.mtimeMs > entry.newest || (st.mtimeMs === entry.newest && cmpStr(name, entry.basis) < 0)) {
      entry.newest = st.mtimeMs;
      entry.basis = name;
    }
    runs.set(id, entry);
  }
  let best: { id: string; newest: number; basis: string } | null = null;
  for (const [id, e] of runs) {
    if (!bestEffort && (e.transcript === undefined || e.oplog === undefined)) continue;
    if (!best || e.newest > best.newest || (e.newest === best.newest && cmpStr(id, best.id) < 0)) best = { id, newest: e.newest, basis: e.basis };
  }
  if (!best) throw new UsageError(bestEffort ? `No runs found with any artifacts in ${logsDir}` : `No runs found with both oplog+transcript in ${logsDir}`);
  return { id: best.id, basis: best.basis };
}
