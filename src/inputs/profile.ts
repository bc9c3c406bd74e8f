/**
 * User profile CSV → normalised table (pipeline.md §5.3): v5 row form or v4 column form.
 */
import { parse } from 'csv-parse/sync';
import { IOError } from '../errors.js';
import { readInputText } from './readInputFile.js';

export const CANONICAL_COLUMNS = ['Loves', 'Likes', 'Dislikes', 'Hates', 'Notes'] as const;

export interface ProfileColumn {
  name: string;
  values: string[];
}

export interface ProfileTable {
  path: string | null;
  form: 'v4' | 'v5' | 'empty';
  /** Columns in table order, each with its non-empty values top to bottom. */
  columns: ProfileColumn[];
  /** Logged row count: file data rows (v4) or the longest column (v5). */
  rowCount: number;
}

export const emptyProfileTable = (): ProfileTable => ({ path: null, form: 'empty', columns: [], rowCount: 0 });

const CANONICAL_BY_ALIAS: Record<string, string> = {
  love: 'Loves',
  loves: 'Loves',
  like: 'Likes',
  likes: 'Likes',
  dislike: 'Dislikes',
  dislikes: 'Dislikes',
  hate: 'Hates',
  hates: 'Hates',
  note: 'Notes',
  notes: 'Notes',
};

/** Trim and fold inner line breaks to one space (Decision). */
export function cleanCell(value: string | undefined): string {
  return (value ?? '').replace(/\s*\r?\n\s*/g, ' ').trim();
}

function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

function canonicalColumn(raw: string): string | undefined {
  return CANONICAL_BY_ALIAS[raw.trim().toLowerCase()];
}

function columnOrder(a: string, b: string): number {
  const ia = (CANONICAL_COLUMNS as readonly string[]).indexOf(a);
  const ib = (CANONICAL_COLUMNS as readonly string[]).indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

function normaliseV5(header: string[], rows: string[][], label: string): ProfileTable {
  const lower = header.map((h) => h.trim().toLowerCase());
  const itemIdx = lower.indexOf('item');
  const catIdx = lower.includes('category') ? lower.indexOf('category') : lower.indexOf('strength');
  const notesIdx = lower.includes('notes') ? lower.indexOf('notes') : lower.indexOf('conditionals');
  const columns = new Map<string, string[]>();
  for (const row of rows) {
    const item = cleanCell(row[itemIdx]);
    if (!item) continue;
    const category = cleanCell(row[catIdx]);
    const notes = notesIdx >= 0 ? cleanCell(row[notesIdx]) : '';
    const column = canonicalColumn(category) ?? (category ? titleCase(category) : 'Other');
    const values = columns.get(column) ?? [];
    values.push(notes ? `${item} — ${notes}` : item);
    columns.set(column, values);
  }
  const ordered = [...columns.keys()].sort(columnOrder).map((name) => ({ name, values: columns.get(name)! }));
  return { path: label, form: 'v5', columns: ordered, rowCount: Math.max(0, ...ordered.map((c) => c.values.length)) };
}

function normaliseV4(header: string[], rows: string[][], label: string, dataRows: number): ProfileTable {
  const names = header.map((h) => canonicalColumn(h) ?? h.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    if (seen.has(name)) throw new IOError(`User profile has duplicate column after normalisation: ${name} (${label})`);
    seen.add(name);
  }
  const columns: ProfileColumn[] = [];
  names.forEach((name, i) => {
    if (!name) return;
    columns.push({ name, values: rows.map((r) => cleanCell(r[i])).filter(Boolean) });
  });
  return { path: label, form: 'v4', columns, rowCount: dataRows };
}

/** Parse profile CSV text; `label` (the absolute path) is named in errors. */
export function parseProfileText(text: string, label: string): ProfileTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new IOError(`User profile CSV could not be parsed (${label}): ${(err as Error).message}`);
  }
  const header = records[0] ?? [];
  const rows = records.slice(1).filter((r) => r.some((c) => c.trim() !== ''));
  const lower = header.map((h) => h.trim().toLowerCase());
  const isV5 = lower.includes('item') && (lower.includes('category') || lower.includes('strength'));
  return isV5 ? normaliseV5(header, rows, label) : normaliseV4(header, rows, label, records.length - 1);
}

/** Load and normalise the profile CSV (`User profile not found|path is a directory|file is empty: <abs>`). */
export function loadProfile(file: string): ProfileTable {
  const { abs, text } = readInputText(file, 'User profile');
  return parseProfileText(text, abs);
}

export function profileColumn(table: ProfileTable, name: string): ProfileColumn | undefined {
  return table.columns.find((c) => c.name === name);
}
