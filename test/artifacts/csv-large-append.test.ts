/**
 * Appends to a large shared CSV: after the first append a process checks only the bytes added since its
 * last verified record end. Same bytes as a full read, header mismatch still refused, a torn tail still
 * repaired — also one torn right after a line end inside a quoted field, where the last byte is a line end.
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

  it('drops a record torn right after a line end inside a quoted field, written by someone else, before appending', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-csv-large-'));
    const file = path.join(dir, 'titles_manifest.csv');
    for (let i = 1; i <= 300; i++) await appendCsvRows(file, HEADER, [row(i)]);
    // Another process appended one whole record, then one killed inside a multi-line quoted field.
    fs.appendFileSync(file, csvDocument(HEADER, [row(301)]).split('\r\n').slice(1).join('\r\n'));
    fs.appendFileSync(file, '302,torn,"first line of a prompt\r\n');
    await appendCsvRows(file, HEADER, [row(303)]);
    const read = readCsv(file);
    expect(read.skipped).toBe(0);
    expect(read.rows.map((r) => r.seq).slice(-3)).toEqual(['300', '301', '303']);
    expect(read.rows.at(-1)).toEqual({ seq: '303', title: 'Title 303', prompt: row(303).prompt });
  });

  it('finds such a torn record in a file this process never wrote', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-csv-large-'));
    const file = path.join(dir, 'titles_manifest.csv');
    fs.writeFileSync(file, csvDocument(HEADER, Array.from({ length: 300 }, (_, i) => row(i + 1))) + '301,torn,"a\r\n');
    await appendCsvRows(file, HEADER, [row(302)]);
    const read = readCsv(file);
    expect(read.skipped).toBe(0);
    expect(read.rows.map((r) => r.seq).slice(-2)).toEqual(['300', '302']);
  });
});
