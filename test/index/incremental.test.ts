// Incremental indexing (index.md §6): unchanged tree → nothing parsed; appends parse only new bytes;
// a changed experiment directory is re-read alone; results always equal a --rebuild.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildIndex, type StoreIndexResult } from '../../src/index/index.js';
import { append, manifestRow, runLine, tempDir, writeExperiment } from './helpers.js';

const OUT_FILES = ['experiment_registry.csv', 'image_registry.csv', 'run_registry.csv'];

async function single(root: string, rebuild = false, outputDir?: string): Promise<StoreIndexResult> {
  const res = await buildIndex({ artifactsRoots: [root], rebuild, outputDir });
  if (res.combined) throw new Error('expected a single-root index');
  return res;
}

function snapshot(out: string): Record<string, unknown> {
  const snap: Record<string, unknown> = {};
  for (const f of OUT_FILES) snap[f] = readFileSync(path.join(out, f), 'utf8');
  const index = JSON.parse(readFileSync(path.join(out, 'experiments_index.json'), 'utf8'));
  delete index.generated_at;
  delete index.counts.sources_parsed;
  snap.index = index;
  const db = new Database(path.join(out, 'artifacts.sqlite'), { readonly: true });
  try {
    for (const t of ['experiments', 'runs', 'images', 'experiment_summaries']) snap[`db_${t}`] = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  } finally {
    db.close();
  }
  return snap;
}

function makeTree(tag: string): string {
  const root = path.join(tempDir(tag), '_artifacts');
  for (let i = 0; i < 4; i++) writeExperiment(root, `2026012${i}_101500_e${i}`, { runsPerVariant: 3, baseSeed: 10 * i });
  return root;
}

/** Age every folder's mtime so listings count as settled (not modified within the racy window). */
function ageDirs(dir: string): number {
  let n = 1;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) n += ageDirs(path.join(dir, e.name));
  const old = new Date(Date.now() - 60_000);
  utimesSync(dir, old, old);
  return n;
}

describe('incremental index', () => {
  it('folders whose mtime did not change are not listed again; a new folder is', async () => {
    const root = makeTree('inc-dirs');
    await single(root);
    const dirs = ageDirs(root); // every mtime changes once, to a settled time
    const relisted = await single(root);
    expect(relisted.dirsListed).toBe(dirs - 1); // all but the (skipped) index/ folder
    const second = await single(root);
    expect(second.unchanged).toBe(true);
    expect(second.dirsListed).toBe(0);
    expect(second.parsedSources).toEqual([]);
    writeExperiment(root, '20260125_101500_new', { runsPerVariant: 1 });
    const third = await single(root);
    // experiments/ and the new experiment's folders; nothing else
    expect(third.dirsListed).toBe(4);
    expect(third.parsedSources.every((p) => p.startsWith('experiments/20260125_101500_new/'))).toBe(true);
    expect(third.index.counts.experiments).toBe(5);
    const snap = snapshot(path.join(root, 'index'));
    await single(root, true);
    expect(snapshot(path.join(root, 'index'))).toEqual(snap);
  });

  it('an unchanged tree parses nothing and gives identical outputs', async () => {
    const root = makeTree('inc-same');
    const out = path.join(root, 'index');
    const first = await single(root);
    expect(first.index.counts.sources_parsed).toBe(16);
    const before = snapshot(out);
    const dbMeta = () => {
      const db = new Database(path.join(out, 'artifacts.sqlite'), { readonly: true });
      try {
        return db.prepare("SELECT value FROM meta WHERE key = 'generated_at'").pluck().get();
      } finally {
        db.close();
      }
    };
    const second = await single(root);
    expect(second.unchanged).toBe(true);
    expect(second.parsedSources).toEqual([]);
    expect(second.index.counts.sources_parsed).toBe(0);
    const json = JSON.parse(readFileSync(path.join(out, 'experiments_index.json'), 'utf8'));
    expect(json.counts.sources_parsed).toBe(0);
    expect(dbMeta()).toBe(json.generated_at);
    expect(snapshot(out)).toEqual(before);
  });

  it('one appended runs_index line parses one file, and equals --rebuild', async () => {
    const root = makeTree('inc-append');
    const out = path.join(root, 'index');
    await single(root);
    const dir = path.join(root, 'experiments', '20260121_101500_e1');
    append(path.join(dir, 'logs', 'runs_index.jsonl'),
      runLine({ gid: 'A1_20260121_101500_e1', status: 'error', expId: 'exp_20260121_101500_e1', variant: 'A', logDir: path.join(dir, 'logs'), createdAt: '2026-02-01T00:00:00Z' }));
    const inc = await single(root);
    expect(inc.parsedSources).toEqual(['experiments/20260121_101500_e1/logs/runs_index.jsonl']);
    expect(inc.index.counts.sources_parsed).toBe(1);
    const incSnap = snapshot(out);
    const full = await single(root, true);
    expect(full.index.counts.sources_parsed).toBe(16);
    expect(snapshot(out)).toEqual(incSnap);
    expect((incSnap.index as { experiments: { experiment_dir: string; failed_runs: number }[] }).experiments.find((e) => e.experiment_dir.endsWith('e1'))?.failed_runs).toBe(1);
  });

  it('appended manifest rows and a torn-then-completed line are parsed from the old end', async () => {
    const root = makeTree('inc-csv');
    const out = path.join(root, 'index');
    await single(root);
    const dir = path.join(root, 'experiments', '20260122_101500_e2');
    const log = path.join(dir, 'logs', 'runs_index.jsonl');
    append(log, '{"generation_id": "torn');
    const torn = await single(root);
    expect(torn.index.warnings.runs_index_errors).toHaveLength(1);
    // the writer adds a line end before the next record (generation.md §7.1)
    append(log, `\n${runLine({ gid: 'X1_new', status: 'success', expId: 'x', variant: 'X', logDir: path.join(dir, 'logs') })}`);
    append(path.join(dir, 'generated', 'titles_manifest.csv'), manifestRow(99, 'X1_new', path.join(dir, 'generated')));
    const inc = await single(root);
    expect(inc.parsedSources.sort()).toEqual([
      'experiments/20260122_101500_e2/generated/titles_manifest.csv',
      'experiments/20260122_101500_e2/logs/runs_index.jsonl',
    ]);
    expect(inc.index.warnings.runs_index_errors).toEqual([expect.stringMatching(/^experiments\/20260122_101500_e2\/logs\/runs_index\.jsonl:7: SyntaxError/)]);
    const incSnap = snapshot(out);
    await single(root, true);
    expect(snapshot(out)).toEqual(incSnap);
    expect(readFileSync(path.join(out, 'image_registry.csv'), 'utf8')).toContain('X1_new');
  });

  it('a rewritten plan re-reads that directory alone; a removed experiment is dropped', async () => {
    const root = makeTree('inc-plan');
    const out = path.join(root, 'index');
    await single(root);
    const plan = path.join(root, 'experiments', '20260123_101500_e3', 'experiment_plan.json');
    const obj = JSON.parse(readFileSync(plan, 'utf8'));
    obj.run_mode = 'prompt_only';
    writeFileSync(plan, JSON.stringify(obj));
    const inc = await single(root);
    expect(inc.parsedSources).toEqual(['experiments/20260123_101500_e3/experiment_plan.json']);
    expect(inc.index.experiments.find((e) => e.experiment_dir.endsWith('e3'))?.run_mode).toBe('prompt_only');

    rmSync(path.join(root, 'experiments', '20260120_101500_e0'), { recursive: true });
    const after = await single(root);
    expect(after.parsedSources).toEqual([]);
    expect(after.unchanged).toBe(false);
    expect(after.index.counts.experiments).toBe(3);
    const snap = snapshot(out);
    await single(root, true);
    expect(snapshot(out)).toEqual(snap);
  });

  it('a rewritten (not appended) runs_index is parsed whole; same size+mtime is trusted', async () => {
    const root = makeTree('inc-rewrite');
    await single(root);
    const log = path.join(root, 'experiments', '20260120_101500_e0', 'logs', 'runs_index.jsonl');
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, `${text.replace(/"status":"success"/, '"status":"error"')}\n`);
    const inc = await single(root);
    expect(inc.parsedSources).toEqual(['experiments/20260120_101500_e0/logs/runs_index.jsonl']);
    expect(inc.index.experiments.find((e) => e.experiment_dir.endsWith('e0'))?.failed_runs).toBe(1);
    // touching mtime only re-reads the file but changes nothing
    utimesSync(log, new Date(), new Date(Date.now() + 5000));
    const touched = await single(root);
    expect(touched.parsedSources).toHaveLength(1);
    expect(touched.index.experiments).toEqual(inc.index.experiments);
  });

  it('deleted or edited output files are rewritten from the cache without parsing', async () => {
    const root = makeTree('inc-outputs');
    const out = path.join(root, 'index');
    await single(root);
    const snap = snapshot(out);
    rmSync(path.join(out, 'run_registry.csv'));
    const res = await single(root);
    expect(res.unchanged).toBe(false);
    expect(res.index.counts.sources_parsed).toBe(0);
    expect(snapshot(out)).toEqual(snap);
  });

  it('concurrent indexers of one output dir wait for each other under the index lock', async () => {
    const root = makeTree('inc-lock');
    const [a, b] = await Promise.all([single(root), single(root, true)]);
    expect(a.index.counts.runs_in_run_registry).toBe(24);
    expect(b.index.counts.runs_in_run_registry).toBe(24);
    const snap = snapshot(path.join(root, 'index'));
    await single(root, true);
    expect(snapshot(path.join(root, 'index'))).toEqual(snap);
  });

  it('a foreign or corrupt database is rebuilt from scratch', async () => {
    const root = makeTree('inc-corrupt');
    const out = path.join(root, 'index');
    await single(root);
    const snap = snapshot(out);
    writeFileSync(path.join(out, 'artifacts.sqlite'), 'not a database');
    const res = await single(root);
    expect(res.index.counts.sources_parsed).toBe(16);
    expect(snapshot(out)).toEqual(snap);
  });
});
