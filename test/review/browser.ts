// Headless Chromium (Debian package /usr/bin/chromium) via playwright-core, for what a reader sees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser tests run when Chromium is installed, and always in CI (where a missing browser must fail, not skip). */
export const RUN_BROWSER_TESTS = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

export async function launchBrowser(): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PageVisit {
  dialogs: string[];
  errors: string[];
  text: string;
  imageWidths: number[];
}

/** Open a local HTML file; collect dialogs (dismissed), script errors, the full text and image natural widths. */
export async function visit(ctx: BrowserContext, file: string, interact?: (page: import('playwright-core').Page) => Promise<void>): Promise<PageVisit> {
  const page = await ctx.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate(() => Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; })))));
  if (interact) await interact(page);
  const text = await page.evaluate(() => document.body.textContent ?? '');
  const imageWidths = await page.$$eval('img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
  await page.close();
  return { dialogs, errors, text, imageWidths };
}
