// image-project query: read-only, one statement, formats, exit codes (index.md §5.1).
import { describe, expect, it, beforeAll } from 'vitest';
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { runCli, tempDir, write, writeExperiment } from './helpers.js';
import { formatTable, runQuery } from '../../src/index/query.js';
import { resolveQueryFormat } from '../../src/index/commands.js';
import { UsageError } from '../../src/errors.js';

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('query', () => {
  let ws: string;
  let db: string;
  beforeAll(() => {
    ws = tempDir('query');
    write(path.join(ws, 'package.json'), '{}'); // marks the workspace root (README decision 11)
    const root = path.join(ws, '_artifacts');
    writeExperiment(root, '20260120_101500_q', { runsPerVariant: 3 });
    const res = runCli(['index-artifacts'], ws);
    expect(res.status, res.stderr).toBe(0);
    db = path.join(root, 'index', 'artifacts.sqlite');
  });

  it('prints the count (CSV when stdout is not a TTY), default db under the workspace', () => {
    const res = runCli(['query', 'select count(*) from runs'], ws);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('count(*)\r\n6\r\n');
  });

  it('refuses writes with one line and exit 2, leaving the database untouched', () => {
    const before = statSync(db).mtimeMs;
    const res = runCli(['query', 'delete from runs'], ws);
    expect([res.status, res.stderr, res.stdout]).toEqual([2, 'query: only one read-only SQL statement is allowed\n', '']);
    for (const sql of ['insert into meta values (1, 2)', 'drop table runs', 'create table x (a)', 'update runs set seed = 1', 'pragma journal_mode = wal']) {
      const msg = usageMessage(() => runQuery({ sql, dbPath: db, format: 'csv' }));
      expect(msg, sql).toMatch(/only one read-only SQL statement is allowed|readonly|read-only/);
    }
    expect(runQuery({ sql: 'select count(*) as n from runs', dbPath: db, format: 'csv' }).text).toBe('n\r\n6\r\n');
    expect(statSync(db).mtimeMs).toBe(before);
  });

  it('refuses two statements and reports SQLite errors', () => {
    expect(usageMessage(() => runQuery({ sql: 'select 1; select 2', dbPath: db, format: 'csv' }))).toBe('only one read-only SQL statement is allowed');
    expect(usageMessage(() => runQuery({ sql: '   ', dbPath: db, format: 'csv' }))).toBe('only one read-only SQL statement is allowed');
    const bad = runCli(['query', 'select * from nope', '--db', db], ws);
    expect([bad.status, bad.stderr]).toEqual([2, 'query: no such table: nope\n']);
  });

  it('json (CLI), jsonl, csv and table formats; zero rows is fine', () => {
    const sql = "SELECT variant_key, status, COUNT(*) AS n FROM experiments WHERE experiment_id LIKE 'exp_%' GROUP BY 1, 2 ORDER BY 1";
    const json = runCli(['query', sql, '--json'], ws);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { variant_key: 'A', status: 'success', n: 3 },
      { variant_key: 'B', status: 'success', n: 3 },
    ]);
    const jsonl = runQuery({ sql, dbPath: db, format: 'jsonl' }).text;
    expect(jsonl.trim().split('\n').map((l) => JSON.parse(l).n)).toEqual([3, 3]);
    expect(runQuery({ sql, dbPath: db, format: 'table' }).text).toBe(
      ['variant_key  status   n', '-----------  -------  -', 'A            success  3', 'B            success  3', '(2 rows)', ''].join('\n'),
    );
    const none = runQuery({ sql: "select generation_id, seed from runs where generation_id = 'none'", dbPath: db, format: 'csv' });
    expect(none.text).toBe('generation_id,seed\r\n');
  });

  it('format flags: one format only; table on a TTY, csv otherwise', () => {
    const both = runCli(['query', 'select 1', '--csv', '--json'], ws);
    expect([both.status, both.stderr]).toEqual([2, 'query: choose one output format\n']);
    expect(resolveQueryFormat({ sql: '', csv: true, format: 'csv' }, false)).toBe('csv');
    expect(resolveQueryFormat({ sql: '' }, true)).toBe('table');
    expect(resolveQueryFormat({ sql: '' }, false)).toBe('csv');
    expect(resolveQueryFormat({ sql: '', format: 'jsonl' }, true)).toBe('jsonl');
    expect(usageMessage(() => resolveQueryFormat({ sql: '', json: true, format: 'table' }, true))).toBe('choose one output format');
    expect(usageMessage(() => resolveQueryFormat({ sql: '', format: 'xml' }, true))).toMatch(/unknown --format 'xml'/);
  });

  it('a missing database names the path and the fix', () => {
    const other = tempDir('query-none');
    write(path.join(other, 'package.json'), '{}');
    const res = runCli(['query', 'select 1'], other);
    expect(res.status, res.stderr).toBe(2);
    const expected = path.join(other, '_artifacts', 'index', 'artifacts.sqlite');
    expect(res.stderr).toBe(`query: no index database at ${expected}; run image-project index-artifacts first\n`);
    expect(existsSync(expected)).toBe(false);
  });

  it('table shows NULL as empty and right-aligns numbers', () => {
    expect(formatTable(['a', 'num'], [[null, 5], ['xyz', 12]])).toBe('a    num\n---  ---\n       5\nxyz   12\n(2 rows)\n');
  });
});
