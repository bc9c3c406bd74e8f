import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IOError } from '../../src/errors.js';
import {
  Logger,
  appendCsvRows,
  csvDocument,
  fileSink,
  isValidGenerationId,
  localStamp,
  memorySink,
  newGenerationId,
  parseCsvText,
  roundHalfUp,
  utcTimestamp,
} from '../../src/artifacts/index.js';

const LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \| (DEBUG|INFO|WARNING|ERROR) \| /;

describe('CSV appends', () => {
  it('writes the header once, CRLF, and rejects a file whose header differs without writing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-csv-'));
    const file = path.join(dir, 'titles_manifest.csv');
    await appendCsvRows(file, ['a', 'b'], [{ a: 1, b: 'x,y' }]);
    await appendCsvRows(file, ['a', 'b'], [{ a: 2, b: null }, { a: true, b: 'q"q' }]);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe('a,b\r\n1,"x,y"\r\n2,\r\ntrue,"q""q"\r\n');

    const err = await appendCsvRows(file, ['a', 'c'], [{ a: 3, c: 'z' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IOError);
    expect((err as Error).message).toContain(`CSV header mismatch in ${file}: expected a,c but found a,b`);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('reads BOM, LF and CRLF files; csvDocument round-trips', () => {
    const doc = csvDocument(['k', 'v'], [{ k: 'multi\nline', v: 1 }]);
    expect(doc).toBe('k,v\r\n"multi\nline",1\r\n');
    expect(parseCsvText(`\uFEFF${doc}`).rows).toEqual([{ k: 'multi\nline', v: '1' }]);
    expect(parseCsvText('k,v\n1,2\n').rows).toEqual([{ k: '1', v: '2' }]);
    const bad = parseCsvText('k,v\r\n1,2,3\r\n4,5\r\n');
    expect(bad.rows).toEqual([{ k: '4', v: '5' }]);
    expect(bad.skipped).toBe(1);
  });
});

describe('logger', () => {
  it('writes `YYYY-MM-DD HH:MM:SS,mmm | LEVEL | message`, one line per message line, per sink level', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-log-'));
    const file = path.join(dir, 'logs', 'x_oplog.log');
    const sink = fileSink(file, 'DEBUG');
    const console = memorySink('INFO');
    const log = new Logger([sink, console]);
    log.debug('Operational log file: /x');
    log.info('Run started for generation g1');
    log.warning('two\nlines');
    log.error('boom');
    sink.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(LINE);
    expect(lines.map((l) => l.replace(LINE, '$1 ')).map((l) => l.split(' ')[0])).toEqual(['DEBUG', 'INFO', 'WARNING', 'WARNING', 'ERROR']);
    expect(lines[1]!.endsWith(' | INFO | Run started for generation g1')).toBe(true);
    expect(console.lines).toHaveLength(4); // no DEBUG on the INFO sink
    expect(console.lines[0]).toMatch(/ \| INFO \| Run started for generation g1$/);
  });
});

describe('ids and timestamps', () => {
  it('formats ids, UTC times and half-up rounding', () => {
    const d = new Date(Date.UTC(2026, 0, 20, 10, 15, 0));
    expect(utcTimestamp(d)).toBe('2026-01-20T10:15:00Z');
    expect(localStamp(d)).toMatch(/^\d{8}_\d{6}$/);
    const id = newGenerationId(d);
    expect(id).toMatch(/^\d{8}_\d{6}_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isValidGenerationId(id)).toBe(true);
    expect(isValidGenerationId('../etc')).toBe(false);
    expect(roundHalfUp(2.5)).toBe(3);
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
  });
});
