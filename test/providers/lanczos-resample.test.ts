import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axisWeights, coverGeometry, lanczos3, lanczosCoverFit } from '../../src/providers/lanczos-resample.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Deterministic pseudo-random RGB image (xorshift). */
function noise(w: number, h: number, seed = 1): Buffer {
  const b = Buffer.alloc(w * h * 3);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < b.length; i += 1) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    b[i] = x & 255;
  }
  return b;
}

/**
 * Independent reference: the module's definition evaluated literally in double precision, one output
 * sample at a time (2-D sum over the separable weights, no windows, no SIMD, no ring buffer).
 */
function reference(src: Buffer, w: number, h: number, W: number, H: number): Buffer {
  const s = Math.max(W / w, H / h);
  const sw = Math.max(W, Math.round(w * s));
  const sh = Math.max(H, Math.round(h * s));
  const axis = (n: number, scaled: number, off: number, i: number): Array<[number, number]> => {
    const f = scaled / n;
    const m = Math.max(1, 1 / f);
    const c = (i + off + 0.5) / f - 0.5;
    const taps: Array<[number, number]> = [];
    let sum = 0;
    for (let j = 0; j < n; j += 1) {
      if (Math.abs(j - c) >= 3 * m) continue;
      const v = lanczos3((j - c) / m);
      taps.push([j, v]);
      sum += v;
    }
    return taps.map(([j, v]) => [j, v / sum]);
  };
  const xs = Array.from({ length: W }, (_, x) => axis(w, sw, Math.floor((sw - W) / 2), x));
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y += 1) {
    const ys = axis(h, sh, Math.floor((sh - H) / 2), y);
    for (let x = 0; x < W; x += 1) {
      for (let c = 0; c < 3; c += 1) {
        let acc = 0;
        for (const [sy, wy] of ys) {
          let row = 0;
          for (const [sx, wx] of xs[x]!) row += wx * src[(sy * w + sx) * 3 + c]!;
          acc += wy * row;
        }
        out[(y * W + x) * 3 + c] = Math.min(255, Math.max(0, Math.floor(acc + 0.5)));
      }
    }
  }
  return out;
}

function compare(a: Buffer, b: Buffer): { max: number; differing: number } {
  let max = 0;
  let differing = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > 0) differing += 1;
    max = Math.max(max, d);
  }
  return { max, differing };
}

describe('Lanczos3 resampler', () => {
  it('has the Lanczos3 kernel values', () => {
    expect(lanczos3(0)).toBe(1);
    expect(lanczos3(1)).toBeCloseTo(0, 12);
    expect(lanczos3(2)).toBeCloseTo(0, 12);
    expect(lanczos3(0.5)).toBeCloseTo(0.6079271, 6);
    expect(lanczos3(1.5)).toBeCloseTo(-0.1350949, 6);
    expect(lanczos3(3)).toBe(0);
    expect(lanczos3(-0.5)).toBe(lanczos3(0.5));
  });

  it('uses 6 normalised taps when enlarging and wider windows when shrinking', () => {
    const up = axisWeights(1536, 3840, 3840, 0);
    expect(up.taps).toBe(6);
    const down = axisWeights(400, 100, 100, 0);
    expect(down.taps).toBe(24);
    for (const a of [up, down]) {
      for (let i = 0; i < a.start.length; i += 1) {
        const sum = a.weights.subarray(i * a.taps, (i + 1) * a.taps).reduce((x, y) => x + y, 0);
        expect(sum).toBeCloseTo(1, 5);
      }
    }
  });

  it('covers and centre-crops like the spec example (1536x1024 → 3840x2560, crop 200 rows)', () => {
    expect(coverGeometry(1536, 1024, 3840, 2160)).toEqual({ scaledW: 3840, scaledH: 2560, offsetX: 0, offsetY: 200 });
    expect(coverGeometry(1024, 1536, 3840, 2160)).toEqual({ scaledW: 3840, scaledH: 5760, offsetX: 0, offsetY: 1800 });
  });

  it('matches a literal double-precision evaluation within rounding (enlarge, odd sizes, shrink)', () => {
    for (const [w, h, W, H] of [[40, 30, 100, 60], [33, 21, 79, 50], [64, 48, 25, 20], [20, 20, 20, 20]] as const) {
      const src = noise(w, h, w * 31 + H);
      const got = lanczosCoverFit({ data: src, width: w, height: h }, W, H);
      expect([got.width, got.height, got.data.length]).toEqual([W, H, W * H * 3]);
      const { max, differing } = compare(got.data, reference(src, w, h, W, H));
      expect(max).toBeLessThanOrEqual(1);
      expect(differing / got.data.length).toBeLessThan(0.01);
    }
  });

  it('keeps pixels exactly at scale 1 and a flat colour flat at any scale', () => {
    const src = noise(31, 17, 5);
    expect(lanczosCoverFit({ data: src, width: 31, height: 17 }, 31, 17).data.equals(src)).toBe(true);
    const flat = Buffer.alloc(50 * 20 * 3);
    for (let i = 0; i < flat.length; i += 3) flat.set([12, 200, 255], i);
    const big = lanczosCoverFit({ data: flat, width: 50, height: 20 }, 160, 90).data;
    for (let i = 0; i < big.length; i += 3) expect([big[i], big[i + 1], big[i + 2]]).toEqual([12, 200, 255]);
  });

  it('rings at a hard edge like Lanczos3 does (overshoot beyond both levels), and is deterministic', () => {
    const w = 24;
    const src = Buffer.alloc(w * 4 * 3);
    for (let y = 0; y < 4; y += 1) for (let x = 0; x < w; x += 1) src.fill(x < w / 2 ? 60 : 180, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const a = lanczosCoverFit({ data: src, width: w, height: 4 }, w * 4, 16).data;
    const row = Array.from({ length: w * 4 }, (_, x) => a[x * 3]!);
    expect(Math.min(...row)).toBeLessThan(60);
    expect(Math.max(...row)).toBeGreaterThan(180);
    expect(lanczosCoverFit({ data: src, width: w, height: 4 }, w * 4, 16).data.equals(a)).toBe(true);
  });

  it('rejects a buffer that is not W×H RGB', () => {
    expect(() => lanczosCoverFit({ data: Buffer.alloc(10), width: 3, height: 3 }, 6, 6)).toThrow('is not 3x3 RGB');
  });

  it('ships a wasm binary built from wasm/lanczos.ts', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lanczos-wasm-')), 'lanczos.wasm');
    const asc = path.join(root, 'node_modules', '.bin', 'asc');
    execFileSync(asc, ['wasm/lanczos.ts', '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '-o', out], { cwd: root, stdio: 'pipe' });
    expect(fs.readFileSync(out).equals(fs.readFileSync(path.join(root, 'assets', 'wasm', 'lanczos.wasm')))).toBe(true);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }, 60_000);
});
