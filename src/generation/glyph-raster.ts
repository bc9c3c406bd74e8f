/**
 * A small anti-aliased scanline rasterizer for glyph outlines (the caption of generation.md §5.1).
 *
 * 1. `flattenPath` turns opentype.js path commands (M/L/Q/C/Z, pixel space, y down) into closed
 *    polylines, stored as flat line segments `[x0, y0, x1, y1, …]`.
 * 2. `CoverageMask` accumulates those segments with the exact-area method of font-rs / stb_truetype v2:
 *    every segment adds, per pixel row it crosses, the signed area it leaves to its right to the
 *    cells it touches. A running sum along each row then gives the signed winding coverage of every
 *    pixel; coverage = min(1, |sum|). Overlapping contours of the same direction sum to ≥ 1 (union,
 *    non-zero fill as TrueType needs), a counter-wound hole cancels to 0.
 *
 * Everything is plain arithmetic on typed arrays, so a render is deterministic.
 */

import type { PathCommand } from 'opentype.js';

export type { PathCommand };

/** Max distance (px) between a curve and its flattened chords. */
const FLATTEN_TOLERANCE = 0.02;
const MAX_CURVE_STEPS = 100;

/**
 * Line segments of the outline, every contour closed (also one that lacks a `Z`).
 * Curves are cut into n equal parameter steps with n from the second-difference bound: a chord of a
 * curve with |B''| ≤ D deviates from it by at most D/(8 n²).
 */
export function flattenPath(commands: readonly PathCommand[]): Float64Array {
  const out: number[] = [];
  let sx = 0; let sy = 0; // contour start
  let cx = 0; let cy = 0; // current point
  const line = (x: number, y: number): void => {
    if (x !== cx || y !== cy) out.push(cx, cy, x, y);
    cx = x; cy = y;
  };
  const steps = (d2: number): number => Math.min(MAX_CURVE_STEPS, Math.max(1, Math.ceil(Math.sqrt(d2 / (8 * FLATTEN_TOLERANCE)))));
  for (const c of commands) {
    switch (c.type) {
      case 'M':
        line(sx, sy);
        sx = cx = c.x; sy = cy = c.y;
        break;
      case 'L':
        line(c.x, c.y);
        break;
      case 'Q': {
        const x0 = cx; const y0 = cy;
        // B''(t) = 2 (p0 - 2 p1 + p2)
        const n = steps(2 * Math.hypot(x0 - 2 * c.x1 + c.x, y0 - 2 * c.y1 + c.y));
        for (let i = 1; i < n; i++) {
          const t = i / n; const u = 1 - t;
          line(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
        }
        line(c.x, c.y);
        break;
      }
      case 'C': {
        const x0 = cx; const y0 = cy;
        // |B''(t)| ≤ 6 · max(|p0 - 2 p1 + p2|, |p1 - 2 p2 + p3|)
        const n = steps(6 * Math.max(
          Math.hypot(x0 - 2 * c.x1 + c.x2, y0 - 2 * c.y1 + c.y2),
          Math.hypot(c.x1 - 2 * c.x2 + c.x, c.y1 - 2 * c.y2 + c.y),
        ));
        for (let i = 1; i < n; i++) {
          const t = i / n; const u = 1 - t;
          const a = u * u * u; const b = 3 * u * u * t; const d = 3 * u * t * t; const e = t * t * t;
          line(a * x0 + b * c.x1 + d * c.x2 + e * c.x, a * y0 + b * c.y1 + d * c.y2 + e * c.y);
        }
        line(c.x, c.y);
        break;
      }
      case 'Z':
        line(sx, sy);
        break;
    }
  }
  line(sx, sy);
  return Float64Array.from(out);
}

/**
 * Coverage of a `width × height` pixel window. Add segments (in window coordinates, pixel (0, 0)
 * spans [0,1)×[0,1)), then read `coverage()`. Geometry outside the window is clipped exactly.
 */
export class CoverageMask {
  /** Signed area accumulation, `height` rows of `width + 2` cells (a segment at x = width may touch cells width and width + 1). */
  private readonly acc: Float32Array;
  private readonly stride: number;

  constructor(readonly width: number, readonly height: number) {
    this.stride = width + 2;
    this.acc = new Float32Array(this.stride * height);
  }

  /** Adds flattened segments (`flattenPath`) translated by (dx, dy). */
  addSegments(seg: Float64Array, dx: number, dy: number): void {
    for (let i = 0; i + 3 < seg.length; i += 4) this.addLine(seg[i]! + dx, seg[i + 1]! + dy, seg[i + 2]! + dx, seg[i + 3]! + dy);
  }

  /**
   * One edge. Horizontal clipping splits it at x = 0 and x = width and clamps x of the pieces: a piece
   * left of the window becomes a vertical edge at x = 0 (it still covers every pixel of its rows), a
   * piece right of it a vertical edge at x = width (covers nothing inside). Vertical clipping is
   * just skipping rows outside the window (rows are independent).
   */
  addLine(x0: number, y0: number, x1: number, y1: number): void {
    if (y0 === y1) return;
    const W = this.width;
    const tA = (x0 < 0) !== (x1 < 0) ? (0 - x0) / (x1 - x0) : -1;
    const tB = (x0 < W) !== (x1 < W) ? (W - x0) / (x1 - x0) : -1;
    if (tA < 0 && tB < 0) { this.edge(clamp(x0, W), y0, clamp(x1, W), y1); return; }
    // Split at the crossing(s) in parameter order.
    const ts = tA >= 0 && tB >= 0 ? [Math.min(tA, tB), Math.max(tA, tB)] : [Math.max(tA, tB)];
    let px = x0; let py = y0;
    for (const t of ts) {
      const qx = x0 + (x1 - x0) * t; const qy = y0 + (y1 - y0) * t;
      this.edge(clamp(px, W), py, clamp(qx, W), qy);
      px = qx; py = qy;
    }
    this.edge(clamp(px, W), py, clamp(x1, W), y1);
  }

  /** The font-rs line accumulation for an edge with 0 ≤ x ≤ width. */
  private edge(x0: number, y0: number, x1: number, y1: number): void {
    if (y0 === y1) return;
    let dir = 1;
    if (y0 > y1) {
      dir = -1;
      let t = x0; x0 = x1; x1 = t;
      t = y0; y0 = y1; y1 = t;
    }
    const dxdy = (x1 - x0) / (y1 - y0);
    const rowStart = Math.max(0, Math.floor(y0));
    const rowEnd = Math.min(this.height, Math.ceil(y1));
    const a = this.acc;
    let x = clamp(x0 + (rowStart > y0 ? (rowStart - y0) * dxdy : 0), this.width); // x where the edge enters row rowStart
    for (let row = rowStart; row < rowEnd; row++) {
      const line = row * this.stride;
      const dy = Math.min(row + 1, y1) - Math.max(row, y0); // height of the edge within this row
      const xnext = clamp(x + dxdy * dy, this.width); // clamp: float drift must not leave [0, width]
      const d = dy * dir;
      const xa = Math.min(x, xnext); const xb = Math.max(x, xnext);
      const xaFloor = Math.floor(xa); const ia = xaFloor;
      const xbCeil = Math.ceil(xb); const ib = xbCeil;
      if (ib <= ia + 1) {
        // Within one cell: area to the right of the edge's mid x inside the cell, rest to the next cell.
        const xm = 0.5 * (x + xnext) - xaFloor;
        a[line + ia] += d - d * xm;
        a[line + ia + 1] += d * xm;
      } else {
        // Across cells: triangle in the first cell, constant slabs in between, the remainder in the last.
        const s = 1 / (xb - xa);
        const fa = xa - xaFloor;
        const a0 = 0.5 * s * (1 - fa) * (1 - fa);
        const fb = xb - xbCeil + 1;
        const am = 0.5 * s * fb * fb;
        a[line + ia] += d * a0;
        if (ib === ia + 2) {
          a[line + ia + 1] += d * (1 - a0 - am);
        } else {
          const a1 = s * (1.5 - fa);
          a[line + ia + 1] += d * (a1 - a0);
          for (let i = ia + 2; i < ib - 1; i++) a[line + i] += d * s;
          const a2 = a1 + (ib - ia - 3) * s;
          a[line + ib - 1] += d * (1 - a2 - am);
        }
        a[line + ib] += d * am;
      }
      x = xnext;
    }
  }

  /**
   * Coverage in [0, 1] per pixel (`width × height`, row-major). The running sum restarts on every row;
   * values within 1e-5 of 0 or 1 are snapped so float noise cannot touch untouched or solid pixels.
   */
  coverage(): Float32Array {
    const out = new Float32Array(this.width * this.height);
    for (let y = 0; y < this.height; y++) {
      let sum = 0;
      const line = y * this.stride;
      const o = y * this.width;
      for (let x = 0; x < this.width; x++) {
        sum += this.acc[line + x]!;
        const c = Math.abs(sum);
        out[o + x] = c < 1e-5 ? 0 : c > 1 - 1e-5 ? 1 : c;
      }
    }
    return out;
  }
}

const clamp = (x: number, w: number): number => (x < 0 ? 0 : x > w ? w : x);
