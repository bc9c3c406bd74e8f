import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, F1_OPLOG, FULL_EXP, runCli, tempDir, writeRun } from './helpers.js';
import { launchBrowser, RUN_BROWSER_TESTS, visit } from './browser.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

function xssTranscript(id: string): Record<string, unknown> {
  return {
    generation_id: `${id}${IMG}`,
    seed: 1,
    experiment: { id: 'e', variant: `V${IMG}`, notes: SCRIPT, tags: [SCRIPT] },
    context: { holiday: `${SCRIPT} Christmas` },
    final_image_prompt: `A prompt ${SCRIPT} and ${IMG}`,
    steps: [
      { name: 'draft', path: `pipeline/sec${IMG}/draft`, prompt: SCRIPT, response: `Base ${SCRIPT} snowy village.` },
      { name: 'critic', path: `pipeline/sec${IMG}/tot_enclave/critic`, response: `## Edits\n- Use "${IMG} lantern glow"` },
      { name: 'consensus_1', path: `pipeline/sec${IMG}/consensus_1`, response: `Snowy village ${IMG} lantern glow.` },
      { name: 'final_consensus', path: `pipeline/sec${IMG}/final_consensus`, response: `Snowy village ${SCRIPT} lantern glow. ${IMG}` },
    ],
    error: { type: 'X', message: IMG, phase: SCRIPT },
  };
}

/** Static checks of review.md acceptance 15. */
function assertInert(html: string): void {
  expect(html).not.toMatch(/<[^>]*onerror=/i);
  const scripts = html.match(/<script[^>]*>/gi) ?? [];
  for (const s of scripts) expect(['<script>', expect.stringMatching(/^<script type="application\/json" id="evo-terms-[a-z0-9_-]+">$/)]).toContainEqual(s);
  expect(scripts.filter((s) => s === '<script>').length).toBeLessThanOrEqual(1);
  expect(html).not.toMatch(/<link/i);
  expect(html).not.toMatch(/(?:src|href)="https?:/i);
  expect(html).not.toContain(SCRIPT);
  expect(html).not.toContain('<img src=x');
}

describe.skipIf(!RUN_BROWSER_TESTS)('pages in headless Chromium', () => {
  let ctx: BrowserContext;
  beforeAll(async () => {
    ctx = await launchBrowser();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('XSS payloads in responses, ids, paths and metadata appear as text; no dialog, no script error', async () => {
    const dir = tempDir('xss');
    const logs = path.join(dir, 'logs');
    const oplog = `${F1_OPLOG}2025-12-21 12:00:04,000 | INFO | ${SCRIPT}\n${IMG}\n`;
    writeRun(logs, 'A1_x', { oplog, transcript: xssTranscript('A1') });
    writeRun(logs, 'B1_x', { oplog, transcript: { ...xssTranscript('B1'), final_image_prompt: `Other ${IMG}` } });
    fs.writeFileSync(path.join(dir, 'pairs.json'), JSON.stringify({ schema_version: 1, experiment_id: `exp${IMG}`, pairs: [{ run_index: 1, a_generation_id: 'A1_x', b_generation_id: 'B1_x' }] }));
    fs.writeFileSync(path.join(dir, 'experiment_results.json'), JSON.stringify({ kind: 'experiment_results', results: [{ generation_id: 'B1_x', analysis: { [`chk${IMG}`]: { ok: false, issues: [{ code: SCRIPT }] }, other: { v: IMG } } }] }));
    const out = path.join(dir, 'out');
    const single = runCli(['--generation-id', 'A1_x', '--logs-dir', logs, '--images-dir', dir, '--output-dir', out], dir);
    expect(single.code).toBe(0);
    const exp = runCli(['--compare-experiment', dir, '--all', '--output-dir', out], dir);
    expect(exp.code).toBe(0);
    const pages = ['A1_x_run_report.html', 'A1_x_vs_B1_x_run_compare.html', 'index.html'].map((f) => path.join(out, f));
    for (const p of pages) assertInert(fs.readFileSync(p, 'utf8'));
    for (const p of pages) {
      const v = await visit(ctx, p, async (page) => {
        const input = page.locator('input.evo-term-input').first();
        if ((await input.count()) > 0) {
          await input.fill('lantern');
          await page.waitForFunction(() => document.querySelector('ul[id^="evo-term-results-"] li') !== null);
        }
      });
      expect(v.dialogs, p).toEqual([]);
      expect(v.errors, p).toEqual([]);
      expect(v.text, p).toContain(IMG);
      if (!p.endsWith('index.html')) expect(v.text, p).toContain(SCRIPT);
      if (p.endsWith('_run_report.html')) expect(v.text).toContain('lantern - first seen in');
    }
  });

  it('experiment overview of the older tool full-mode run: pair rows, four images loaded, pages without errors', async () => {
    const art = copyFixture();
    const out = path.join(art, '..', 'out');
    const r = runCli(['--compare-experiment', path.join(art, FULL_EXP), '--all', '--output-dir', out], art);
    expect(r.code).toBe(0);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`file://${path.join(out, 'index.html')}`);
    await page.evaluate(() => Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((res) => { img.onload = img.onerror = res; })))));
    const rows = await page.$$eval('tr.pair', (trs) => trs.map((tr) => ({ id: tr.id, imgs: Array.from(tr.querySelectorAll('img')).map((i) => (i as HTMLImageElement).naturalWidth), prompts: tr.querySelectorAll('.prompt').length })));
    expect(rows.map((x) => x.id)).toEqual(['pair-1', 'pair-2']);
    for (const row of rows) {
      expect(row.prompts).toBe(2);
      expect(row.imgs).toHaveLength(2);
      for (const w of row.imgs) expect(w).toBeGreaterThan(0);
    }
    await page.click('#pair-1 a:text("compare")');
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^run-review compare - A1_\S+ vs B1_\S+$/);
    const widths = await page.$$eval('#images img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(widths).toHaveLength(2);
    for (const w of widths) expect(w).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
