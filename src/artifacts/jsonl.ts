import { promises as fsp, readFileSync, existsSync } from 'node:fs';
import { withFileLock, type LockOptions } from './lock.js';

/**
 * Append raw text (one or more whole lines) to a file under its lock, starting on a fresh line. One open in
 * append+read mode serves both the torn-tail check and the write (O_APPEND: every write lands at the end).
 */
export async function appendLinesLocked(file: string, text: string, lock: LockOptions = {}): Promise<void> {
  await withFileLock(file, async () => {
    const handle = await fsp.open(file, 'a+');
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const buf = Buffer.alloc(1);
        await handle.read(buf, 0, 1, size - 1);
        if (buf[0] !== 0x0a) prefix = '\n';
      }
      await handle.writeFile(prefix + text);
    } finally {
      await handle.close();
    }
  }, lock);
}

/** Append one JSON record as one line of a JSONL file, under the file's lock. */
export async function appendJsonl(file: string, record: unknown, lock: LockOptions = {}): Promise<void> {
  await appendLinesLocked(file, `${JSON.stringify(record)}\n`, lock);
}

export interface JsonlReadResult<T> {
  records: T[];
  /** 1-based line numbers that did not parse (a torn last line after a crash, or corruption). */
  badLines: number[];
}

/** Parse JSONL text; unparsable or non-object lines are skipped and reported, never fatal. */
export function parseJsonl<T = Record<string, unknown>>(text: string): JsonlReadResult<T> {
  const records: T[] = [];
  const badLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) records.push(value as T);
      else badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  }
  return { records, badLines };
}

/**
 * Read a JSONL file tolerantly. A missing file reads as empty. `warn` is called once per file
 * when lines were skipped.
 */
export function readJsonl<T = Record<string, unknown>>(file: string, warn?: (message: string) => void): JsonlReadResult<T> {
  if (!existsSync(file)) return { records: [], badLines: [] };
  const result = parseJsonl<T>(readFileSync(file, 'utf8'));
  if (result.badLines.length > 0 && warn) {
    warn(`Skipped ${result.badLines.length} unparsable line(s) in ${file} (line ${result.badLines.join(', ')})`);
  }
  return result;
}
