/**
 * Categories CSV (pipeline.md §5.1) and random concepts (§5.2).
 */
import { parse } from 'csv-parse/sync';
import { IOError } from '../errors.js';
import type { RandomStream } from '../pipeline/index.js';
import { readInputText } from './readInputFile.js';

export const CATEGORY_COLUMNS = [
  'Subject Matter',
  'Narrative',
  'Mood',
  'Composition',
  'Perspective',
  'Style',
  'Time Period_Context',
  'Color Scheme',
] as const;

/** Concept groups in order: G1, G2, G3. */
export const CONCEPT_GROUPS: readonly (readonly string[])[] = [
  ['Subject Matter', 'Narrative'],
  ['Mood', 'Composition', 'Perspective'],
  ['Style', 'Time Period_Context', 'Color Scheme'],
];

export interface CategoryTable {
  /** Absolute path, or null for an in-memory/empty table. */
  path: string | null;
  columns: string[];
  /** Data rows; values trimmed, '' = no value. */
  rows: Record<string, string>[];
}

export const emptyCategoryTable = (): CategoryTable => ({ path: null, columns: [...CATEGORY_COLUMNS], rows: [] });

/** Parse categories CSV text (BOM tolerated); `label` names the file in errors. */
export function parseCategoriesText(text: string, label: string): CategoryTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new IOError(`Categories CSV could not be parsed (${label}): ${(err as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  for (const column of CATEGORY_COLUMNS) {
    if (!header.includes(column)) throw new IOError(`Categories CSV is missing column: ${column} (${label})`);
  }
  const rows = records.slice(1).map((cells) => {
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name && row[name] === undefined) row[name] = (cells[i] ?? '').trim();
    });
    return row;
  });
  return { path: label, columns: header, rows };
}

/** Load the categories CSV; errors name the absolute path. */
export function loadCategories(file: string): CategoryTable {
  const { abs, text } = readInputText(file, 'Categories CSV');
  return parseCategoriesText(text, abs);
}

/** The non-empty values of a group's columns, column by column, top to bottom (duplicates kept). */
export function groupPool(table: CategoryTable, group: readonly string[]): string[] {
  const pool: string[] = [];
  for (const column of group) for (const row of table.rows) if (row[column]) pool.push(row[column]!);
  return pool;
}

/** One concept per non-empty group, in group order (≤ 3), drawn from `stream` (`concepts:<instance id>`). */
export function selectRandomConcepts(table: CategoryTable, stream: RandomStream): string[] {
  const concepts: string[] = [];
  for (const group of CONCEPT_GROUPS) {
    const pool = groupPool(table, group);
    if (pool.length) concepts.push(stream.choice(pool));
  }
  return concepts;
}
