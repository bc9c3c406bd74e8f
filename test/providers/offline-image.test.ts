import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.js';
import { createImageProvider, offlineSeed, renderOfflineImage } from '../../src/providers/index.js';

const req = { prompt: 'A lighthouse keeper in autumn fog with brass instruments', size: '1536x1024', quality: 'high', moderation: 'low' };

describe('offline image provider', () => {
  it('renders a deterministic PNG of the requested size with seed = first 12 hex digits of SHA-256(prompt)', async () => {
    const p = createImageProvider({});
    const a = await p.generate(req);
    const b = await createImageProvider({ provider: 'offline' }).generate({ ...req });
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const meta = await sharp(a.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1536, 1024]);
    const hex = createHash('sha256').update(req.prompt).digest('hex').slice(0, 12);
    expect(a.seed).toBe(parseInt(hex, 16));
    expect(a.seed).toBe(offlineSeed(req.prompt));
    expect(a.seed!).toBeLessThan(2 ** 48);
    expect([a.provider, a.model, a.size, a.attempts]).toEqual(['offline', 'offline-image-v1', '1536x1024', 1]);
  });

  it('gives identical bytes in a separate process (compiled dist/)', async () => {
    const script = `import('/work/main/dist/providers/index.js').then(async (m) => {
      const r = await m.createImageProvider({}).generate(${JSON.stringify(req)});
      process.stdout.write(require('node:crypto').createHash('sha256').update(r.bytes).digest('hex'));
    })`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const here = await createImageProvider({}).generate(req);
    expect(child.stdout).toBe(createHash('sha256').update(here.bytes).digest('hex'));
  });

  it('different prompts give different pictures; sizes are honoured', async () => {
    const p = createImageProvider({});
    const a = await p.generate(req);
    const c = await p.generate({ ...req, prompt: 'A desert train under neon signs at dusk' });
    expect(a.bytes.equals(c.bytes)).toBe(false);
    const small = await p.generate({ ...req, size: '640x960' });
    const meta = await sharp(small.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([640, 960]);
    await expect(p.generate({ ...req, size: 'huge' })).rejects.toThrow(/invalid size 'huge'/);
  });

  it('is a composition, not noise: few distinct colours in large flat regions, several hues', async () => {
    const { png } = await renderOfflineImage(req.prompt, 384, 256);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const colours = new Map<string, number>();
    for (let i = 0; i < data.length; i += info.channels) {
      const k = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      colours.set(k, (colours.get(k) ?? 0) + 1);
    }
    // Gradients + flat shapes: hundreds of colours at most, not ~98k as noise would have.
    expect(colours.size).toBeGreaterThan(20);
    expect(colours.size).toBeLessThan(2000);
    const top = [...colours.values()].sort((x, y) => y - x).slice(0, 50).reduce((s, n) => s + n, 0);
    expect(top / (384 * 256)).toBeGreaterThan(0.2);
  });

  it('renders 1536x1024 quickly (median of 7 runs, generous bound for loaded CI)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const t0 = performance.now();
      await renderOfflineImage(`${req.prompt} ${i}`, 1536, 1024);
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    console.log(`offline render 1536x1024: min ${times[0]!.toFixed(1)} ms, median ${times[3]!.toFixed(1)} ms`);
    expect(times[3]).toBeLessThan(250);
  });

  it('error_rate=1 fails with the image ProviderError after max_retries+1 attempts', async () => {
    const p = createImageProvider({ error_rate: 1, max_retries: 1 }, { backoffScale: 0 });
    const lines: string[] = [];
    const err = await p.generate({ ...req, log: (l, m) => lines.push(`${l} ${m}`) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe('offline image request failed after 2 attempts: 503 simulated transient error (offline error_rate=1)');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^WARNING offline image request failed \(attempt 1\/2\): 503 /);
  });
});
