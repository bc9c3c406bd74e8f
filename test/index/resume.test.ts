// A run resumed after an error: the latest runs_index line wins in every registry (Decision §3.1).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { buildIndex } from '../../src/index/index.js';
import { MANIFEST_HEADER, manifestRow, planJson, runLine, tempDir, write, append } from './helpers.js';

function rows(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
}

describe('resumed runs', () => {
  it('error then success is success everywhere; executed counts ids once', async () => {
    const root = path.join(tempDir('resume'), '_artifacts');
    const dir = path.join(root, 'experiments', '20260120_101500_ab');
    const logDir = path.join(dir, 'logs');
    const genDir = path.join(dir, 'generated');
    const runs = [
      { variant: 'A', run: 1, gid: 'A1_x', seed: 7 },
      { variant: 'B', run: 1, gid: 'B1_x', seed: 7 },
    ];
    write(path.join(dir, 'experiment_plan.json'), planJson({ id: 'ab_1', name: 'ab', outputRoot: dir, mode: 'full', baseSeed: 7, runs }));
    const log = path.join(logDir, 'runs_index.jsonl');
    append(log, runLine({ gid: 'A1_x', status: 'error', expId: 'ab_1', variant: 'A', logDir }));
    append(log, runLine({ gid: 'B1_x', status: 'success', expId: 'ab_1', variant: 'B', logDir, imageDir: genDir }));
    append(log, runLine({ gid: 'A1_x', status: 'success', expId: 'ab_1', variant: 'A', logDir, imageDir: genDir, createdAt: '2026-01-20T15:20:00Z' }));
    write(path.join(genDir, 'titles_manifest.csv'), MANIFEST_HEADER + manifestRow(1, 'B1_x', genDir) + manifestRow(2, 'A1_x', genDir));

    const res = await buildIndex({ artifactsRoots: [root] });
    if (res.combined) throw new Error('expected single');
    const out = path.join(root, 'index');
    expect(rows(path.join(out, 'experiment_registry.csv')).map((r) => [r.generation_id, r.status])).toEqual([['A1_x', 'success'], ['B1_x', 'success']]);
    expect(rows(path.join(out, 'run_registry.csv')).find((r) => r.generation_id === 'A1_x')).toMatchObject({ status: 'success', phase: 'complete', created_at: '2026-01-20T15:20:00Z' });
    expect(rows(path.join(out, 'image_registry.csv')).find((r) => r.generation_id === 'A1_x')?.status).toBe('success');
    const e = res.index.experiments[0]!;
    expect([e.planned_runs, e.executed_runs, e.succeeded_runs, e.failed_runs, e.images]).toEqual([2, 2, 2, 0, 2]);
    const db = new Database(path.join(out, 'artifacts.sqlite'), { readonly: true });
    try {
      for (const t of ['experiments', 'runs', 'images']) {
        expect(db.prepare(`SELECT status FROM ${t} WHERE generation_id = 'A1_x'`).pluck().get(), t).toBe('success');
      }
    } finally {
      db.close();
    }
  });

  it('a run with only an error line is error; a planned run without a line is planned', async () => {
    const root = path.join(tempDir('planned'), '_artifacts');
    const dir = path.join(root, 'experiments', '20260120_101500_ab');
    const runs = [
      { variant: 'A', run: 1, gid: 'A1_y', seed: 1 },
      { variant: 'B', run: 1, gid: 'B1_y', seed: 1 },
    ];
    write(path.join(dir, 'experiment_plan.json'), planJson({ id: 'ab_2', name: 'ab', outputRoot: dir, mode: 'prompt_only', baseSeed: 1, runs }));
    append(path.join(dir, 'logs', 'runs_index.jsonl'), runLine({ gid: 'A1_y', status: 'error', expId: 'ab_2', variant: 'A', logDir: path.join(dir, 'logs') }));
    const res = await buildIndex({ artifactsRoots: [root] });
    if (res.combined) throw new Error('expected single');
    const reg = rows(path.join(root, 'index', 'experiment_registry.csv'));
    expect(reg.map((r) => r.status)).toEqual(['error', 'planned']);
    const e = res.index.experiments[0]!;
    expect([e.executed_runs, e.succeeded_runs, e.failed_runs]).toEqual([1, 0, 1]);
    expect(e.variants.map((v) => [v.key, v.experiment_variant, v.tags])).toEqual([['A', 'A_variant', ['t1', 'run:A1_y']], ['B', null, []]]);
  });
});
