import { randomUUID } from 'node:crypto';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local time `YYYYMMDD_HHMMSS` (ids and directory names). */
export function localStamp(d: Date = new Date()): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ` (every JSON timestamp). */
export function utcTimestamp(d: Date = new Date()): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** Local `YYYY-MM-DD HH:MM:SS,mmm` (log lines). */
export function logTimestamp(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
}

/** `<YYYYMMDD_HHMMSS>_<uuid4>` (generation.md §2). */
export function newGenerationId(d: Date = new Date()): string {
  return `${localStamp(d)}_${randomUUID()}`;
}

export const GENERATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export function isValidGenerationId(id: string): boolean {
  return GENERATION_ID_PATTERN.test(id);
}

/** Half-up rounding to n decimals (README decision 7). */
export function roundHalfUp(x: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.floor(x * f + 0.5) / f;
}
