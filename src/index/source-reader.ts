/**
 * Reads one source file, reusing cached parse results (index.md §6): unchanged size+mtime → reuse;
 * an append-only file that grew and still ends, at its old size, with the stored tail hash → parse
 * only the new bytes; anything else → parse the whole file.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { ParsedSource, SourceKind } from './types.js';
import type { WalkedSource } from './walk.js';
import { parseRunsIndexBytes } from './parse-runs-index.js';
import { parseGenerationsBytes, parseManifestBytes } from './parse-csv-sources.js';
import { parsePlanBytes } from './parse-plan.js';

export const TAIL_BYTES = 4096;

/** What the cache holds per source file (`_sources` row). */
export interface CachedSourceMeta {
  path: string;
  kind: SourceKind;
  size: number;
  mtimeNs: bigint;
  tailSha256: string | null;
}

export interface ReadSource {
  parsed: ParsedSource;
  tailSha256: string | null;
  /** `cached` (nothing read), `appended` (new bytes only), `full`. */
  how: 'cached' | 'appended' | 'full';
}

const APPEND_ONLY: ReadonlySet<SourceKind> = new Set(['runs_index', 'titles_manifest', 'generations_csv']);

function readRange(fd: number, start: number, end: number): Buffer {
  const length = Math.max(0, end - start);
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

function parseWhole(kind: SourceKind, bytes: Buffer, rel: string): ParsedSource {
  switch (kind) {
    case 'runs_index':
      return parseRunsIndexBytes(bytes, rel);
    case 'titles_manifest':
      return parseManifestBytes(bytes, rel);
    case 'generations_csv':
      return parseGenerationsBytes(bytes, rel);
    case 'experiment_plan':
      return parsePlanBytes(bytes, rel);
  }
}

function parseAppended(previous: ParsedSource, bytes: Buffer, rel: string): ParsedSource | null {
  const offset = previous.completeBytes;
  switch (previous.kind) {
    case 'runs_index':
      return parseRunsIndexBytes(bytes, rel, offset, previous.completeLines + 1, previous);
    case 'titles_manifest':
      return parseManifestBytes(bytes, rel, offset, previous);
    case 'generations_csv':
      return parseGenerationsBytes(bytes, rel, offset, previous);
    default:
      return null;
  }
}

/**
 * `cached`/`loadCached` describe the previous state of this path (if any); `loadCached` is only
 * called when the parsed records are actually needed.
 */
export function readSource(
  src: WalkedSource,
  cached: CachedSourceMeta | undefined,
  loadCached: () => ParsedSource | null,
): ReadSource {
  if (cached && cached.kind === src.kind && cached.size === src.size && cached.mtimeNs === src.mtimeNs) {
    const parsed = loadCached();
    if (parsed) return { parsed, tailSha256: cached.tailSha256, how: 'cached' };
  }
  const fd = openSync(src.abs, 'r');
  try {
    if (cached && cached.kind === src.kind && APPEND_ONLY.has(src.kind) && src.size > cached.size && cached.tailSha256) {
      const oldTail = readRange(fd, Math.max(0, cached.size - TAIL_BYTES), cached.size);
      if (sha256(oldTail) === cached.tailSha256) {
        const previous = loadCached();
        if (previous && previous.accepted && previous.completeBytes <= cached.size) {
          const fresh = readRange(fd, previous.completeBytes, src.size);
          const parsed = parseAppended(previous, fresh, src.rel);
          if (parsed && parsed.accepted) {
            const tail = readRange(fd, Math.max(0, src.size - TAIL_BYTES), src.size);
            return { parsed, tailSha256: sha256(tail), how: 'appended' };
          }
        }
      }
    }
    const bytes = readRange(fd, 0, src.size);
    const parsed = parseWhole(src.kind, bytes, src.rel);
    return { parsed, tailSha256: sha256(bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES))), how: 'full' };
  } finally {
    closeSync(fd);
  }
}
