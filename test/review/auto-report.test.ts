import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunReviewReport } from '../../src/review/index.js';
import { F1_OPLOG, f1Transcript, readJson, tempDir, writeRun } from './helpers.js';

describe('writeRunReviewReport (automatic report after a run, generation.md §9.1)', () => {
  it('writes <id>_run_report.json then .html into a created review dir', async () => {
    const dir = tempDir('auto');
    writeRun(path.join(dir, 'logs'), 'run123', { oplog: F1_OPLOG, transcript: f1Transcript() });
    const res = await writeRunReviewReport({ generationId: 'run123', logsDir: path.join(dir, 'logs'), reviewDir: path.join(dir, 'reviews', 'new') });
    expect(res).toEqual({ jsonPath: path.join(dir, 'reviews', 'new', 'run123_run_report.json'), htmlPath: path.join(dir, 'reviews', 'new', 'run123_run_report.html') });
    expect(readJson(res.jsonPath).metadata.generation_id).toBe('run123');
    expect(fs.readFileSync(res.htmlPath, 'utf8')).toContain('<h1>run-review: run123</h1>');
  });

  it('reports a missing oplog as an issue and rejects an invalid transcript', async () => {
    const dir = tempDir('auto2');
    writeRun(dir, 'only', { transcript: f1Transcript({ generation_id: 'only' }) });
    const res = await writeRunReviewReport({ generationId: 'only', logsDir: dir, reviewDir: dir });
    expect(readJson(res.jsonPath).issues[0].code).toBe('missing_oplog');
    fs.writeFileSync(path.join(dir, 'bad_transcript.json'), '{not json');
    await expect(writeRunReviewReport({ generationId: 'bad', logsDir: dir, reviewDir: dir })).rejects.toThrow(/^Invalid JSON transcript: /);
  });
});
