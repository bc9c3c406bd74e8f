import { fork, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendCsvRows, appendJsonl, readCsv, readJsonl, withFileLock } from '../../src/artifacts/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_ARTIFACTS = path.join(ROOT, 'dist/artifacts/index.js');
const APPENDER = path.join(import.meta.dirname, 'fixtures/appender.mjs');
const HEADER = ['writer', 'seq', 'note'];

function waitForLines(file: string, lines: number, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (text.split('\n').length > lines) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${lines} lines in ${file}`));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

describe('a writer killed with SIGKILL', () => {
  it('leaves JSONL and CSV files every reader parses; the next append lands intact on a fresh line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-sigkill-'));
    const jsonl = path.join(dir, 'runs_index.jsonl');
    const csv = path.join(dir, 'generations_v2.csv');
    const child = fork(APPENDER, [DIST_ARTIFACTS, jsonl, csv, 'k', '1000000', '4000'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const exit = killed(child);
    await waitForLines(csv, 60);
    child.kill('SIGKILL');
    expect(await exit).toBe('SIGKILL');

    const warnings: string[] = [];
    const before = readJsonl<{ seq: number }>(jsonl, (m) => warnings.push(m));
    const beforeCsv = readCsv(csv, (m) => warnings.push(m));
    expect(before.records.length).toBeGreaterThan(40);
    expect(beforeCsv.header).toEqual(HEADER);
    expect(beforeCsv.rows.length).toBeGreaterThan(40);
    expect(warnings.length).toBeLessThanOrEqual(2); // at most one warning per file (torn last record)

    // The next writer waits for (or takes over) the dead writer's lock and appends whole records.
    await appendJsonl(jsonl, { writer: 'next', seq: -1 });
    await appendCsvRows(csv, HEADER, [{ writer: 'next', seq: -1, note: 'after the crash' }]);
    const after = readJsonl<{ writer: string }>(jsonl);
    const afterCsv = readCsv(csv);
    expect(after.records).toHaveLength(before.records.length + 1);
    expect(after.records.at(-1)).toEqual({ writer: 'next', seq: -1 });
    expect(afterCsv.rows).toHaveLength(beforeCsv.rows.length + 1);
    expect(afterCsv.rows.at(-1)).toEqual({ writer: 'next', seq: '-1', note: 'after the crash' });
    expect(fs.readFileSync(jsonl, 'utf8').endsWith('{"writer":"next","seq":-1}\n')).toBe(true);
  }, 40_000);
});

describe('locks left by dead writers', () => {
  it('a lock file of a dead process on this host is removed with a WARNING and the append goes through', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-stale-lock-'));
    const file = path.join(dir, 'runs_index.jsonl');
    const lockPath = `${file}.lock`;
    // A pid that is certainly not running: a child that has already exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.writeFileSync(lockPath, `pid=${dead}\nhost=${os.hostname()}\ncreated_at=2026-01-01T00:00:00Z\n`);
    const warnings: string[] = [];
    await withFileLock(file, () => undefined, { warn: (m) => warnings.push(m) });
    await appendJsonl(file, { ok: true });
    expect(readJsonl(file).records).toEqual([{ ok: true }]);
    expect(fs.existsSync(lockPath)).toBe(false);
    expect(warnings).toEqual([`Removed stale lock ${lockPath} (pid=${dead}, created_at=2026-01-01T00:00:00Z)`]);
  });

  it('a lock older than the stale age is taken over even when its owner looks alive', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-old-lock-'));
    const file = path.join(dir, 'titles_manifest.csv');
    const lockPath = `${file}.lock`;
    fs.writeFileSync(lockPath, `pid=${process.pid}\nhost=${os.hostname()}\ncreated_at=2026-01-01T00:00:00Z\n`);
    const old = new Date(Date.now() - 700_000);
    fs.utimesSync(lockPath, old, old);
    const ran = await withFileLock(file, () => 'ran');
    expect(ran).toBe('ran');
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('a live lock makes the writer wait, then time out with the spec message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-live-lock-'));
    const file = path.join(dir, 'generations_v2.csv');
    const lockPath = `${file}.lock`;
    fs.writeFileSync(lockPath, `pid=${process.pid}\nhost=${os.hostname()}\ncreated_at=2026-01-01T00:00:00Z\n`);
    await expect(withFileLock(file, () => 'never', { timeoutMs: 300 })).rejects.toThrow(`Timed out waiting for lock: ${lockPath}`);
    expect(fs.existsSync(lockPath)).toBe(true); // someone else's live lock is left alone
  });
});

describe('torn last records', () => {
  it('JSONL: the torn line is skipped with one warning and the next append starts on a fresh line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-torn-jsonl-'));
    const file = path.join(dir, 'runs_index.jsonl');
    await appendJsonl(file, { n: 1 });
    await appendJsonl(file, { n: 2, text: 'complete' });
    const full = fs.readFileSync(file, 'utf8');
    fs.truncateSync(file, Buffer.byteLength(full) - 8); // cut inside record 2, as a crash mid-write would
    const warnings: string[] = [];
    const torn = readJsonl(file, (m) => warnings.push(m));
    expect(torn.records).toEqual([{ n: 1 }]);
    expect(torn.badLines).toEqual([2]);
    expect(warnings).toEqual([`Skipped 1 unparsable line(s) in ${file} (line 2)`]);

    await appendJsonl(file, { n: 3 });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.at(-2)).toBe('{"n":3}');
    expect(readJsonl(file).records).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('CSV: a record torn inside a quoted field is dropped and never swallows the next record', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-torn-csv-'));
    const file = path.join(dir, 'titles_manifest.csv');
    await appendCsvRows(file, HEADER, [{ writer: 'a', seq: 1, note: 'line one\nline two, "quoted"' }]);
    fs.appendFileSync(file, 'a,2,"torn, ""inside\r\nthe quote'); // killed mid-record, inside a multi-line quoted field
    const warnings: string[] = [];
    const torn = readCsv(file, (m) => warnings.push(m));
    expect(torn.rows).toEqual([{ writer: 'a', seq: '1', note: 'line one\nline two, "quoted"' }]);
    expect(warnings).toHaveLength(1);

    await appendCsvRows(file, HEADER, [{ writer: 'a', seq: 3, note: 'after, "crash"' }]);
    await appendCsvRows(file, HEADER, [{ writer: 'a', seq: 4, note: 'plain' }]);
    const after = readCsv(file);
    expect(after.skipped).toBe(0);
    expect(after.rows.map((r) => r.seq)).toEqual(['1', '3', '4']);
    expect(after.rows[1]!.note).toBe('after, "crash"');
  });

  it('CSV: a header torn by a crash is rewritten instead of failing every later append', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-torn-header-'));
    const file = path.join(dir, 'generations_v2.csv');
    fs.writeFileSync(file, 'writer,se');
    await appendCsvRows(file, HEADER, [{ writer: 'a', seq: 1, note: 'x' }]);
    expect(fs.readFileSync(file, 'utf8')).toBe('writer,seq,note\r\na,1,x\r\n');
  });
});
