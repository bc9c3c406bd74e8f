// End to end: `experiments run ab_refinement_block --runs 3` (offline providers), then run-review on its directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOplogText } from '../../src/review/oplog-parse.js';
import { BIN, readJson, runCli, tempDir } from './helpers.js';
import { launchBrowser, RUN_BROWSER_TESTS } from './browser.js';

function runExperiment(root: string, mode: 'prompt_only' | 'full'): string {
  const out = path.join(root, `exp_${mode}`);
  const res = spawnSync(process.execPath, [BIN, 'experiments', 'run', 'ab_refinement_block', '--runs', '3', '--mode', mode, '--seed', '7', '--output-root', out], {
    cwd: root, encoding: 'utf8', env: { ...process.env, IMAGE_PROJECT_CONFIG: '' },
  });
  expect(res.status, res.stderr).toBe(0);
  return out;
}

function assertOplogsFullyParsed(expDir: string): void {
  const logs = path.join(expDir, 'logs');
  const oplogs = fs.readdirSync(logs).filter((f) => f.endsWith('_oplog.log'));
  expect(oplogs).toHaveLength(6);
  for (const f of oplogs) {
    const p = parseOplogText(fs.readFileSync(path.join(logs, f), 'utf8'));
    expect(p.unknownEvents, f).toEqual([]);
    expect(p.events.filter((e) => e.rule === 68).map((e) => e.raw), f).toEqual([]);
  }
}

describe('run-review on a fresh offline experiment', () => {
  it('prompt_only --runs 3: three pair pages, summary counts 3/3/0, index.html; every oplog line parsed', () => {
    const root = tempDir('e2e');
    const exp = runExperiment(root, 'prompt_only');
    assertOplogsFullyParsed(exp);
    const out = path.join(root, 'review');
    const r = runCli(['--compare-experiment', exp, '--all', '--output-dir', out], root);
    expect(r.code).toBe(0);
    const s = readJson(path.join(out, 'summary.json'));
    expect(s.counts).toEqual({ total: 3, success: 3, failed: 0 });
    expect(s.results.map((x: any) => x.status)).toEqual(['success', 'success', 'success']);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('_run_compare.html'))).toHaveLength(3);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
    for (const x of s.results) {
      expect(x.a.final_prompt_source).toBe('transcript');
      expect(x.a.variant).toBe('A_no_refinement_block');
      expect(x.b.variant).toBe('B_with_refinement_block');
      expect(readJson(path.join(out, x.json)).removed_steps).toEqual(['pipeline/ab.scene_refine_no_block/draft']);
    }
  });

  it.skipIf(!RUN_BROWSER_TESTS)('full mode: the overview shows six loaded images in three pair rows', async () => {
    const root = tempDir('e2efull');
    const exp = runExperiment(root, 'full');
    assertOplogsFullyParsed(exp);
    const out = path.join(root, 'review');
    expect(runCli(['--compare-experiment', exp, '--all', '--output-dir', out], root).code).toBe(0);
    const ctx = await launchBrowser();
    try {
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${path.join(out, 'index.html')}`);
      await page.evaluate(() => Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((res) => { img.onload = img.onerror = res; })))));
      const rows = await page.$$eval('tr.pair', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('img')).map((i) => (i as HTMLImageElement).naturalWidth)));
      expect(rows).toHaveLength(3);
      expect(rows.flat()).toHaveLength(6);
      for (const w of rows.flat()) expect(w).toBeGreaterThan(0);
      expect(await page.locator('#variants tr').count()).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
