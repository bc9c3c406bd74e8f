import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, readJsonl } from '../../src/artifacts/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_ARTIFACTS = path.join(ROOT, 'dist/artifacts/index.js');
const APPENDER = path.join(import.meta.dirname, 'fixtures/appender.mjs');

function runAppender(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = fork(APPENDER, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('locked appends across processes', () => {
  it('4 processes x 250 appends give exactly 1000 intact JSONL and CSV records and one header', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-concurrent-'));
    const jsonl = path.join(dir, 'runs_index.jsonl');
    const csv = path.join(dir, 'titles_manifest.csv');
    const codes = await Promise.all(
      ['w0', 'w1', 'w2', 'w3'].map((id) => runAppender([DIST_ARTIFACTS, jsonl, csv, id, '250', '200'])),
    );
    expect(codes).toEqual([0, 0, 0, 0]);

    const j = readJsonl<{ writer: string; seq: number; payload: string }>(jsonl);
    expect(j.badLines).toEqual([]);
    expect(j.records).toHaveLength(1000);
    const jsonText = fs.readFileSync(jsonl, 'utf8');
    expect(jsonText.split('\n').filter(Boolean)).toHaveLength(1000);
    for (const id of ['w0', 'w1', 'w2', 'w3']) {
      const seqs = j.records.filter((r) => r.writer === id).map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: 250 }, (_, i) => i)); // each writer's records in its own order
    }
    expect(j.records.every((r) => r.payload.length === 200)).toBe(true);

    const c = readCsv(csv);
    expect(c.skipped).toBe(0);
    expect(c.header).toEqual(['writer', 'seq', 'note']);
    expect(c.rows).toHaveLength(1000);
    expect(c.rows.every((r) => r.note === `quoted, "comma" ${'x'.repeat(200)}`)).toBe(true);
    const csvText = fs.readFileSync(csv, 'utf8');
    expect(csvText.split('\r\n').filter((l) => l === 'writer,seq,note')).toHaveLength(1);
    expect(csvText.endsWith('\r\n')).toBe(true);
    expect(csvText.replace(/\r\n/g, '')).not.toContain('\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['runs_index.jsonl', 'titles_manifest.csv']); // no lock files left
  });
});
