/**
 * Registry rows produced lazily, in order, so large registries are never held in memory at once.
 * A row is an array of values in the order of the stream's `columns` (no keyed object per row).
 */
import type { Row } from './types.js';

/** Registry rows in their final order, built on demand (each call of `each` builds them anew). */
export interface RowStream {
  length: number;
  columns: readonly string[];
  /** `values` is in `columns` order; it may be reused by the caller after `fn` returns. */
  each(fn: (values: readonly unknown[]) => void): void;
}

/** The rows as keyed objects (the combined index and callers of `rows()` use them). */
export function rowsOf(stream: RowStream): Row[] {
  const out: Row[] = [];
  const cols = stream.columns;
  stream.each((values) => {
    const row: Row = {};
    for (let i = 0; i < cols.length; i++) row[cols[i]!] = (values[i] ?? null) as Row[string];
    out.push(row);
  });
  return out;
}

/** A stream over keyed objects, read in `columns` order (missing keys → undefined). */
export function streamOf(columns: readonly string[], rows: readonly Record<string, unknown>[]): RowStream {
  return {
    length: rows.length,
    columns,
    each(fn) {
      const values: unknown[] = new Array(columns.length);
      for (const r of rows) {
        for (let i = 0; i < columns.length; i++) values[i] = r[columns[i]!];
        fn(values);
      }
    },
  };
}

export function rowStream<T>(columns: readonly string[], items: T[], build: (item: T) => readonly unknown[]): RowStream {
  return {
    length: items.length,
    columns,
    each(fn) {
      for (const item of items) fn(build(item));
    },
  };
}
