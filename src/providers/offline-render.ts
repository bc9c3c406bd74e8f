/**
 * Procedural picture for the offline image provider: a layered landscape composition (sky gradient,
 * a sun, ridged hills, one shape per salient prompt word, a reflective ground band) whose palette and
 * shapes come from SHA-256 of the prompt and its words. Drawn straight into an RGBA buffer with
 * span fills (fast at 1536x1024), then PNG-encoded by sharp.
 */
import { HashStream, salientWords, sha256Hex } from './offline-words.js';
import { acquirePixels } from './pixel-pool.js';
import { loadSharp } from './sharp-lazy.js';
import type { RawPixels } from './types.js';

type RGB = [number, number, number];

function hslToRgb(h: number, s: number, l: number): RGB {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

function pack([r, g, b]: RGB): Buffer {
  return Buffer.from([r, g, b]);
}

function mix(a: RGB, b: RGB, t: number): RGB {
  return [0, 1, 2].map((i) => Math.round((a[i] as number) + ((b[i] as number) - (a[i] as number)) * t)) as RGB;
}

/** RGB canvas drawn with horizontal spans. */
class Canvas {
  readonly px: Buffer;
  constructor(readonly width: number, readonly height: number) {
    // not zero-filled: the sky and ground bands cover every row at full width before anything else is drawn
    this.px = acquirePixels(width * height * 3);
  }
  span(y: number, x0: number, x1: number, color: Buffer): void {
    if (y < 0 || y >= this.height) return;
    const a = Math.max(0, Math.floor(x0));
    const b = Math.min(this.width, Math.ceil(x1));
    if (b <= a) return;
    this.fillRange((y * this.width + a) * 3, (y * this.width + b) * 3, color);
  }
  /** Fill bytes [start, end) with one RGB colour (Buffer#fill repeats the 3-byte pattern natively). */
  private fillRange(start: number, end: number, color: Buffer): void {
    this.px.fill(color, start, end);
  }
  /** Full-width rows [y0, y1) in one colour: one contiguous range of the buffer, filled like a span. */
  rows(y0: number, y1: number, color: Buffer): void {
    const a = Math.max(0, y0);
    const b = Math.min(this.height, y1);
    if (b <= a) return;
    this.fillRange(a * this.width * 3, b * this.width * 3, color);
  }
  /**
   * Full-width rows [y0, y1) shading from `from` (at y = y0) towards `to` (t = (y − y0)/span), each row
   * rounded to whole RGB values; runs of equal consecutive rows are filled at once.
   */
  gradientRows(y0: number, y1: number, from: RGB, to: RGB, span: number): void {
    const color = Buffer.alloc(3);
    let runStart = y0;
    let runKey = -1;
    for (let y = y0; y <= y1; y += 1) {
      let key = -1;
      if (y < y1) {
        const t = (y - y0) / span;
        const r = Math.round(from[0] + (to[0] - from[0]) * t);
        const g = Math.round(from[1] + (to[1] - from[1]) * t);
        const b = Math.round(from[2] + (to[2] - from[2]) * t);
        key = (r << 16) | (g << 8) | b;
      }
      if (key === runKey) continue;
      if (runKey >= 0) {
        color[0] = runKey >> 16;
        color[1] = (runKey >> 8) & 255;
        color[2] = runKey & 255;
        this.rows(runStart, y, color);
      }
      runStart = y;
      runKey = key;
    }
  }
  circle(cx: number, cy: number, r: number, color: Buffer): void {
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + r));
    for (let y = y0; y <= y1; y += 1) {
      const dy = y + 0.5 - cy;
      const half = Math.sqrt(Math.max(0, r * r - dy * dy));
      this.span(y, cx - half, cx + half, color);
    }
  }
  rect(x: number, y: number, w: number, h: number, color: Buffer): void {
    for (let yy = Math.floor(y); yy < y + h; yy += 1) this.span(yy, x, x + w, color);
  }
  /** Isoceles triangle standing on its base. */
  triangle(cx: number, baseY: number, w: number, h: number, color: Buffer): void {
    for (let i = 0; i < h; i += 1) {
      const half = (w / 2) * (i / h);
      this.span(Math.floor(baseY - h + i), cx - half, cx + half, color);
    }
  }
  /**
   * Fills everything below the ridge `top(x)` down to row `bottom`. Rows above the lowest ridge
   * point are filled run by run; the run boundaries of each row come from where the ridge crosses
   * it (O(width + ridge variation) instead of a per-pixel scan).
   */
  ridge(top: Float64Array, bottom: number, color: Buffer): void {
    const w = this.width;
    const t = new Int32Array(w);
    let minTop = Infinity;
    let maxTop = 0;
    for (let x = 0; x < w; x += 1) {
      const v = Math.max(0, Math.ceil(top[x] as number));
      t[x] = v;
      minTop = Math.min(minTop, v);
      maxTop = Math.max(maxTop, v);
    }
    const last = Math.min(bottom, maxTop, this.height);
    if (last > minTop) {
      const events: number[][] = Array.from({ length: last - minTop }, () => []);
      for (let x = 1; x < w; x += 1) {
        const a = t[x - 1] as number;
        const b = t[x] as number;
        if (a === b) continue;
        for (let y = Math.min(a, b); y < Math.max(a, b) && y < last; y += 1) events[y - minTop]?.push(x);
      }
      for (let y = minTop; y < last; y += 1) {
        let inside = (t[0] as number) <= y;
        let runStart = 0;
        for (const x of events[y - minTop] as number[]) {
          if (inside) this.span(y, runStart, x, color);
          else runStart = x;
          inside = !inside;
        }
        if (inside) this.span(y, runStart, w, color);
      }
    }
    this.rows(Math.max(0, maxTop), bottom, color);
  }
}

export interface RenderedImage {
  png: Buffer;
  /** The RGB pixels `png` encodes (decoding `png` yields exactly these). */
  pixels: RawPixels;
  /** First 12 hex digits of SHA-256(prompt) read as an integer. */
  seed: number;
  hash: string;
}

export function offlineSeed(prompt: string): number {
  return parseInt(sha256Hex(prompt).slice(0, 12), 16);
}

/** Renders the picture for `prompt` at width×height (pure: same input → same bytes). */
export async function renderOfflineImage(prompt: string, width: number, height: number): Promise<RenderedImage> {
  const hash = sha256Hex(prompt);
  const s = new HashStream(`image\u0000${hash}`);
  const words = salientWords(prompt).slice(0, 12);
  const wordHues = words.map((w) => parseInt(sha256Hex(w).slice(0, 4), 16) % 360);
  const baseHue = parseInt(hash.slice(12, 16), 16) % 360;
  const hue = (i: number) => wordHues[i % Math.max(1, wordHues.length)] ?? (baseHue + i * 47) % 360;
  const night = s.next() < 0.3;

  const skyTop = hslToRgb(baseHue, 0.55, night ? 0.12 : 0.45);
  const skyBottom = hslToRgb((baseHue + 40) % 360, 0.65, night ? 0.3 : 0.78);
  const c = new Canvas(width, height);
  const horizon = Math.round(height * (0.55 + s.next() * 0.15));

  c.gradientRows(0, horizon, skyTop, skyBottom, horizon);

  const sunR = Math.min(width, height) * (0.06 + s.next() * 0.07);
  const sunX = width * (0.15 + s.next() * 0.7);
  const sunY = horizon * (0.2 + s.next() * 0.45);
  const sunColor = hslToRgb((baseHue + 180) % 360, 0.8, night ? 0.85 : 0.62);
  c.circle(sunX, sunY, sunR * 1.6, pack(mix(skyBottom, sunColor, 0.35)));
  c.circle(sunX, sunY, sunR, pack(sunColor));

  const layers = 3;
  for (let l = 0; l < layers; l += 1) {
    const top = new Float64Array(width);
    const base = horizon - height * (0.18 - l * 0.06);
    const amp = height * (0.05 + s.next() * 0.06);
    const f1 = (1 + s.next() * 3) / width;
    const f2 = (4 + s.next() * 6) / width;
    const p1 = s.next() * Math.PI * 2;
    const p2 = s.next() * Math.PI * 2;
    for (let x = 0; x < width; x += 1) {
      top[x] = base + amp * Math.sin(x * f1 * Math.PI * 2 + p1) + amp * 0.35 * Math.sin(x * f2 * Math.PI * 2 + p2);
    }
    const t = (l + 1) / (layers + 1);
    c.ridge(top, horizon + 2, pack(mix(skyBottom, hslToRgb(hue(l), 0.35, night ? 0.12 : 0.28), t)));
  }

  const ground = hslToRgb(hue(3), 0.4, night ? 0.1 : 0.3);
  const groundTop = mix(skyBottom, ground, 0.6);
  c.gradientRows(horizon, height, groundTop, ground, Math.max(1, height - horizon));
  // Reflection of the sun: broken horizontal strokes under it.
  for (let i = 0; i < 10; i += 1) {
    const y = horizon + (height - horizon) * (0.05 + i * 0.07);
    const w = sunR * (1.6 - i * 0.12) * (0.6 + s.next() * 0.4);
    c.rect(sunX - w / 2, y, w, Math.max(2, height * 0.006), pack(mix(ground, sunColor, 0.6 - i * 0.04)));
  }

  // One object per salient word, standing along the horizon band.
  const count = Math.max(3, Math.min(8, words.length));
  for (let i = 0; i < count; i += 1) {
    const color = pack(hslToRgb(hue(i + 4), 0.6, night ? 0.35 : 0.42));
    const x = width * ((i + 0.5 + (s.next() - 0.5) * 0.6) / count);
    const size = height * (0.06 + s.next() * 0.12);
    const baseY = horizon + (height - horizon) * (0.15 + s.next() * 0.5);
    const shape = parseInt(sha256Hex(words[i] ?? `${hash}${i}`).slice(4, 6), 16) % 4;
    if (shape === 0) c.triangle(x, baseY, size * 0.8, size * 1.6, color);
    else if (shape === 1) {
      c.rect(x - size * 0.06, baseY - size * 1.3, size * 0.12, size * 1.3, pack(mix(ground, [20, 20, 20], 0.5)));
      c.circle(x, baseY - size * 1.3, size * 0.6, color);
    } else if (shape === 2) c.rect(x - size * 0.4, baseY - size, size * 0.8, size, color);
    else c.circle(x, baseY - size * 0.5, size * 0.5, color);
  }

  const sharp = await loadSharp();
  const png = await sharp(c.px, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 2, adaptiveFiltering: false })
    .toBuffer();
  return { png, pixels: { data: c.px, width, height }, seed: parseInt(hash.slice(0, 12), 16), hash };
}
