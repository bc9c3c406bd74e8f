/** Registry rows produced lazily, in order, so large registries are never held in memory at once. */
import type { Row } from './types.js';

/** Registry rows in their final order, built on demand (each call of `each` builds them anew). */
export interface RowStream {
  length: number;
  each(fn: (row: Row) => void): void;
}

export function rowsOf(stream: RowStream): Row[] {
  const out: Row[] = [];
  stream.each((r) => out.push(r));
  return out;
}

export function streamOf(rows: Row[]): RowStream {
  return { length: rows.length, each: (fn) => rows.forEach((r) => fn(r)) };
}

export function rowStream<T>(items: T[], build: (item: T) => Row): RowStream {
  return {
    length: items.length,
    each(fn) {
      for (const item of items) fn(build(item));
    },
  };
}
