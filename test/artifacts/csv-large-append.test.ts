/**
 * Appends to a shared CSV larger than the 64 KB head read by the fast path (header + last byte only):
 * same bytes as the full-read path, header mismatch still refused, a torn tail still repaired.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IOError } from '../../src/errors.js';
import { appendCsvRows, csvDocument, readCsv } from '../../src/artifacts/index.js';

const HEADER = ['seq', 'title', 'prompt'];
const row = (i: number) => ({ seq: i, title: `Title ${i}`, prompt: `"quoted", two\nlines ${'x'.repeat(300)}` });

describe('CSV appends to a large file', () => {
  it('appends whole records after a header check, like a small file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-csv-large-'));
    const file = path.join(dir, 'titles_manifest.csv');
    for (let i = 1; i <= 300; i++) await appendCsvRows(file, HEADER, [row(i)]);
    expect(fs.statSync(file).size).toBeGreaterThan(64 * 1024);
    const expected = csvDocument(HEADER, Array.from({ length: 300 }, (_, i) => row(i + 1)));
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    const size = fs.statSync(file).size;
    await expect(appendCsvRows(file, ['seq', 'other'], [{ seq: 1, other: 'x' }])).rejects.toBeInstanceOf(IOError);
    expect(fs.statSync(file).size).toBe(size);
  });

  it('repairs a torn tail of a large file before appending', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-csv-large-'));
    const file = path.join(dir, 'titles_manifest.csv');
    for (let i = 1; i <= 300; i++) await appendCsvRows(file, HEADER, [row(i)]);
    fs.appendFileSync(file, '301,torn,"half a quoted');
    await appendCsvRows(file, HEADER, [row(302)]);
    const read = readCsv(file);
    expect(read.skipped).toBe(0);
    expect(read.rows.map((r) => r.seq).slice(-2)).toEqual(['300', '302']);
  });
});
