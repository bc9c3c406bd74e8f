import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanczosCoverFitOffThread, stopLanczosWorker } from '../../src/providers/lanczos-offload.js';
import { lanczosCoverFit } from '../../src/providers/lanczos-resample.js';
import { acquirePixels, releasePixels } from '../../src/providers/pixel-pool.js';

const root = path.resolve(import.meta.dirname, '../..');

function image(w: number, h: number, seed: number): Buffer {
  const b = Buffer.alloc(w * h * 3);
  for (let i = 0; i < b.length; i += 1) b[i] = (i * seed + (i >> 7)) & 255;
  return b;
}

afterAll(() => stopLanczosWorker());

describe('pixel buffer pool', () => {
  it('hands a released buffer out again, once, and only buffers it handed out itself', () => {
    const a = acquirePixels(1000);
    expect(a.length).toBe(1000);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(1000);
    releasePixels(a);
    releasePixels(a); // a second release must not put it in twice
    const b = acquirePixels(1000);
    expect(b).toBe(a);
    expect(acquirePixels(1000)).not.toBe(a);
    const foreign = Buffer.allocUnsafeSlow(1000);
    releasePixels(foreign);
    expect(acquirePixels(1000)).not.toBe(foreign);
    releasePixels(Buffer.from(a.buffer, 0, 500)); // a view of part of a buffer is never pooled
    expect(acquirePixels(500).buffer).not.toBe(a.buffer);
  });
});

describe('Lanczos fit on the worker thread', () => {
  it('gives exactly the in-process pixels and leaves the caller its source', async () => {
    const src = image(64, 40, 7);
    const copy = Buffer.from(src);
    const [a, b] = await Promise.all([
      lanczosCoverFitOffThread({ data: src, width: 64, height: 40 }, 160, 90),
      lanczosCoverFitOffThread({ data: image(30, 30, 3), width: 30, height: 30 }, 45, 45),
    ]);
    expect(src.equals(copy)).toBe(true);
    expect([a.width, a.height, a.data.length]).toEqual([160, 90, 160 * 90 * 3]);
    expect(a.data.equals(lanczosCoverFit({ data: copy, width: 64, height: 40 }, 160, 90).data)).toBe(true);
    expect(b.data.equals(lanczosCoverFit({ data: image(30, 30, 3), width: 30, height: 30 }, 45, 45).data)).toBe(true);
    // A released result buffer is reused for the next job (handed to the worker again, so detached here).
    const first = Buffer.from(a.data);
    releasePixels(a.data);
    const again = await lanczosCoverFitOffThread({ data: src, width: 64, height: 40 }, 160, 90);
    expect(a.data.length).toBe(0);
    expect(again.data.equals(first)).toBe(true);
  });

  it('rejects a bad job without losing the worker', async () => {
    await expect(lanczosCoverFitOffThread({ data: Buffer.alloc(10), width: 3, height: 3 }, 6, 6)).rejects.toThrow('is not 3x3 RGB');
    const ok = await lanczosCoverFitOffThread({ data: image(8, 8, 1), width: 8, height: 8 }, 16, 16);
    expect(ok.data.length).toBe(16 * 16 * 3);
  });

  it('never keeps a process alive once its jobs are done (the idle worker is unreferenced)', () => {
    const mod = path.join(root, 'dist', 'providers', 'lanczos-offload.js');
    const script = `import(${JSON.stringify(mod)}).then(async (m) => { m.warmLanczosWorker(); `
      + `const r = await m.lanczosCoverFitOffThread({ data: Buffer.alloc(20 * 20 * 3, 9), width: 20, height: 20 }, 50, 40); `
      + `console.log(r.width + 'x' + r.height + ':' + r.data[0]); })`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('50x40:9');
  });
});
