/**
 * Lanczos3 "cover" fit of 8-bit RGB pixels (generation.md §6: scale to cover W×H, centre-crop), as a
 * separable resampler whose inner loops run in WebAssembly SIMD (`assets/wasm/lanczos.wasm`, source
 * `wasm/lanczos.ts`, rebuilt by `npm run build:wasm`).
 *
 * Why not sharp: libvips enlarges with its bicubic affine interpolator whatever kernel is asked for
 * (sharp 0.35 / libvips 8.18), ~350 ms of CPU for 1536×1024 → 3840×2160. This is a true Lanczos3 at
 * ~10% of that. WebAssembly arithmetic is IEEE-exact, so the pixels are the same on every machine.
 *
 * Definition (per axis, the other axis alike):
 *   scale s = max(W/w, H/h); scaled size w' = round(w·s); per-axis factor f = w'/w; crop offset o = floor((w' − W)/2).
 *   Output pixel i samples the source at c = (i + o + 0.5)/f − 0.5 with weights L((j − c)/m) for source pixels
 *   j with |j − c| < 3m, where m = max(1, 1/f) (wider when shrinking) and L(x) = sinc(x)·sinc(x/3).
 *   Taps outside the image are dropped and the remaining weights normalised to sum 1.
 *   Horizontal pass first (f32), then vertical; the result is rounded half up and clamped to 0..255.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { acquirePixels } from './pixel-pool.js';
import type { RawPixels } from './types.js';

const WASM_PATH = fileURLToPath(new URL('../../assets/wasm/lanczos.wasm', import.meta.url));

/** The slice of the WebAssembly API used here (the project's `lib` setting has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface Kernel {
  memory: { buffer: ArrayBuffer };
  alloc(bytes: number): number;
  reset(): void;
  expandRow(src: number, width: number, dst: number): void;
  hpass(src: number, dst: number, outWidth: number, start: number, weights: number, taps: number): void;
  vpass(rows: number, weights: number, taps: number, floats: number, dst: number): void;
}

let kernel: Kernel | null = null;

/** Compiles and instantiates the WebAssembly kernel now (a worker does this at start-up, ahead of its first job). */
export function loadKernel(): Kernel {
  if (!kernel) {
    const mod = new wasmApi.Module(readFileSync(WASM_PATH));
    const abort = (): never => {
      throw new Error('lanczos.wasm aborted');
    };
    kernel = new wasmApi.Instance(mod, { env: { abort } }).exports as Kernel;
  }
  return kernel;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const t = Math.PI * x;
  return Math.sin(t) / t;
}

export function lanczos3(x: number): number {
  const a = Math.abs(x);
  return a < 3 ? sinc(a) * sinc(a / 3) : 0;
}

/** The resampling of one axis: for each output pixel a window start and `taps` weights (zero-padded). */
export interface AxisWeights {
  taps: number;
  start: Int32Array;
  weights: Float32Array;
}

/**
 * Weights of one axis: `inSize` source pixels, `outSize` output pixels, the whole source spanning
 * `scaledSize` pixels of which the output starts at `offset`.
 */
export function axisWeights(inSize: number, outSize: number, scaledSize: number, offset: number): AxisWeights {
  const f = scaledSize / inSize;
  const m = Math.max(1, 1 / f);
  const support = 3 * m;
  // the open interval (c − support, c + support) holds at most ceil(2·support) whole pixels
  const taps = Math.min(inSize, Math.ceil(2 * support));
  const start = new Int32Array(outSize);
  const weights = new Float32Array(outSize * taps);
  const row = new Float64Array(taps);
  for (let i = 0; i < outSize; i += 1) {
    const c = (i + offset + 0.5) / f - 0.5;
    const lo = Math.max(0, Math.floor(c - support) + 1);
    const hi = Math.min(inSize - 1, Math.ceil(c + support) - 1);
    const s = Math.max(0, Math.min(lo, inSize - taps));
    row.fill(0);
    let sum = 0;
    for (let j = lo; j <= hi; j += 1) {
      const v = lanczos3((j - c) / m);
      row[j - s] = v;
      sum += v;
    }
    if (sum === 0) {
      // No source pixel within the support (cannot happen for Lanczos3, kept for safety): nearest pixel.
      row[Math.min(taps - 1, Math.max(0, Math.round(c) - s))] = 1;
      sum = 1;
    }
    start[i] = s;
    for (let k = 0; k < taps; k += 1) weights[i * taps + k] = (row[k] as number) / sum;
  }
  return { taps, start, weights };
}

/** The geometry of a cover fit: per-axis scaled size and crop offset. */
export function coverGeometry(w: number, h: number, W: number, H: number): { scaledW: number; scaledH: number; offsetX: number; offsetY: number } {
  const s = Math.max(W / w, H / h);
  const scaledW = Math.max(W, Math.round(w * s));
  const scaledH = Math.max(H, Math.round(h * s));
  return { scaledW, scaledH, offsetX: Math.floor((scaledW - W) / 2), offsetY: Math.floor((scaledH - H) / 2) };
}

/** The weights of the last few geometries (an experiment upscales every image with the same one). */
const weightCache = new Map<string, { hx: AxisWeights; vy: AxisWeights }>();

function weightsFor(w: number, h: number, W: number, H: number): { hx: AxisWeights; vy: AxisWeights } {
  const key = `${w}x${h}>${W}x${H}`;
  let hit = weightCache.get(key);
  if (!hit) {
    const g = coverGeometry(w, h, W, H);
    hit = { hx: axisWeights(w, W, g.scaledW, g.offsetX), vy: axisWeights(h, H, g.scaledH, g.offsetY) };
    if (weightCache.size >= 8) weightCache.delete(weightCache.keys().next().value as string);
    weightCache.set(key, hit);
  }
  return hit;
}

/** Lanczos3 cover fit of RGB pixels to exactly W×H (see the module comment), into `into` when given. Synchronous. */
export function lanczosCoverFit(img: RawPixels, W: number, H: number, into?: Buffer): RawPixels {
  const { width: w, height: h } = img;
  if (img.data.length !== w * h * 3) throw new Error(`lanczosCoverFit: ${img.data.length} bytes is not ${w}x${h} RGB`);
  const { hx, vy } = weightsFor(w, h, W, H);
  const k = loadKernel();
  k.reset();
  const rowFloats = W * 3;
  const src = k.alloc(w * h * 3);
  const srcRow = k.alloc(w * 16);
  const start = k.alloc(W * 4);
  const hw = k.alloc(hx.weights.length * 4);
  const ring = Array.from({ length: vy.taps }, () => k.alloc((rowFloats + 4) * 4));
  const ringRow = new Int32Array(vy.taps).fill(-1);
  const rowPtrs = k.alloc(vy.taps * 4);
  const vw = k.alloc(vy.taps * 4);
  const band = Math.max(1, Math.min(H, Math.floor((4 << 20) / rowFloats)));
  const dst = k.alloc(band * rowFloats);
  // Views are taken after every alloc: growing the memory detaches older views.
  const mem = k.memory.buffer;
  new Uint8Array(mem, src, w * h * 3).set(img.data);
  new Int32Array(mem, start, W).set(hx.start);
  new Float32Array(mem, hw, hx.weights.length).set(hx.weights);
  const ptrs = new Int32Array(mem, rowPtrs, vy.taps);
  const vwView = new Float32Array(mem, vw, vy.taps);
  const out = into && into.length === W * H * 3 ? into : acquirePixels(W * H * 3);
  const horizontal = (sy: number): number => {
    const slot = sy % vy.taps;
    const ptr = ring[slot] as number;
    if (ringRow[slot] !== sy) {
      k.expandRow(src + sy * w * 3, w, srcRow);
      k.hpass(srcRow, ptr, W, start, hw, hx.taps);
      ringRow[slot] = sy;
    }
    return ptr;
  };
  for (let y0 = 0; y0 < H; y0 += band) {
    const rows = Math.min(band, H - y0);
    for (let r = 0; r < rows; r += 1) {
      const y = y0 + r;
      const s = vy.start[y] as number;
      for (let t = 0; t < vy.taps; t += 1) ptrs[t] = horizontal(s + t);
      vwView.set(vy.weights.subarray(y * vy.taps, (y + 1) * vy.taps));
      k.vpass(rowPtrs, vw, vy.taps, rowFloats, dst + r * rowFloats);
    }
    out.set(new Uint8Array(mem, dst, rows * rowFloats), y0 * rowFloats);
  }
  return { data: out, width: W, height: H };
}
