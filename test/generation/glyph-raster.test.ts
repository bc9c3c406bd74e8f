import { describe, expect, it } from 'vitest';
import type { PathCommand } from 'opentype.js';
import { CoverageMask, flattenPath } from '../../src/generation/glyph-raster.js';
import { loadCaptionFont } from '../../src/generation/caption-font.js';

/** Closed rectangle [x0, x1] × [y0, y1]; `ccw` reverses the winding. */
function rect(x0: number, y0: number, x1: number, y1: number, ccw = false): PathCommand[] {
  const pts: Array<[number, number]> = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  if (ccw) pts.reverse();
  return [
    { type: 'M', x: pts[0]![0], y: pts[0]![1] },
    ...pts.slice(1).map(([x, y]): PathCommand => ({ type: 'L', x, y })),
    { type: 'Z' },
  ];
}

function render(w: number, h: number, ...paths: PathCommand[][]): (x: number, y: number) => number {
  const mask = new CoverageMask(w, h);
  for (const p of paths) mask.addSegments(flattenPath(p), 0, 0);
  const cov = mask.coverage();
  return (x, y) => cov[y * w + x]!;
}

const sum = (w: number, h: number, at: (x: number, y: number) => number): number => {
  let s = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) s += at(x, y);
  return s;
};

describe('glyph rasterizer (CoverageMask + flattenPath)', () => {
  it('fills a pixel-aligned square exactly: 1 inside, 0 outside, either winding', () => {
    for (const ccw of [false, true]) {
      const at = render(10, 10, rect(2, 3, 6, 7, ccw));
      for (let y = 0; y < 10; y++) {
        for (let x = 0; x < 10; x++) {
          expect(at(x, y), `(${x},${y})`).toBe(x >= 2 && x < 6 && y >= 3 && y < 7 ? 1 : 0);
        }
      }
    }
  });

  it('gives fractional coverage on a half-pixel edge and exact area on a diagonal', () => {
    const at = render(10, 10, rect(2, 2, 6.5, 5.25));
    expect(at(6, 3)).toBeCloseTo(0.5, 6); // right edge at x = 6.5
    expect(at(3, 5)).toBeCloseTo(0.25, 6); // bottom edge at y = 5.25
    expect(at(6, 5)).toBeCloseTo(0.125, 6); // the corner pixel: 0.5 × 0.25
    expect(at(7, 3)).toBe(0);
    expect(at(5, 3)).toBe(1);
    // Right triangle (0,0)-(4,0)-(0,4): area 8, pixels on the diagonal half covered.
    const tri = render(6, 6, [{ type: 'M', x: 0, y: 0 }, { type: 'L', x: 4, y: 0 }, { type: 'L', x: 0, y: 4 }, { type: 'Z' }]);
    expect(sum(6, 6, tri)).toBeCloseTo(8, 4);
    expect(tri(0, 0)).toBe(1);
    expect(tri(1, 2)).toBeCloseTo(0.5, 6);
    expect(tri(3, 3)).toBe(0);
  });

  it('uses the union of same-wound overlaps (clamped to 1) and leaves counter-wound holes empty', () => {
    const union = render(12, 12, rect(1, 1, 7, 7), rect(4, 4, 10, 10));
    expect(union(5, 5)).toBe(1); // overlap is not 2
    expect(sum(12, 12, union)).toBeCloseTo(36 + 36 - 9, 4);
    const ring = render(12, 12, rect(1, 1, 11, 11), rect(4, 4, 8, 8, true));
    expect(ring(6, 6)).toBe(0);
    expect(ring(2, 6)).toBe(1);
    expect(sum(12, 12, ring)).toBeCloseTo(100 - 16, 4);
  });

  it('clips geometry outside the window exactly (left, right, top, bottom)', () => {
    // Square hanging over the top-left corner: only its inside part shows.
    const corner = render(8, 8, rect(-5, -5, 3, 3));
    expect(corner(0, 0)).toBe(1);
    expect(corner(2, 2)).toBe(1);
    expect(corner(3, 0)).toBe(0);
    expect(sum(8, 8, corner)).toBeCloseTo(9, 4);
    // A band wider than the window, a diagonal shape crossing both side edges, shapes fully outside.
    const band = render(8, 8, rect(-20, 2, 30, 4));
    for (let x = 0; x < 8; x++) expect([band(x, 1), band(x, 2), band(x, 3), band(x, 4)]).toEqual([0, 1, 1, 0]);
    const slanted = render(8, 8, [{ type: 'M', x: -4, y: 0 }, { type: 'L', x: 12, y: 0 }, { type: 'L', x: 4, y: 8 }, { type: 'Z' }]);
    // Inside the window the triangle (-4,0)-(12,0)-(4,8) covers area of a trapezoid: rows y get x ∈ [y-4, 12-y] ∩ [0, 8].
    let expected = 0;
    for (let y = 0; y < 8; y++) expected += Math.max(0, Math.min(8, 12 - y - 0.5) - Math.max(0, y + 0.5 - 4));
    expect(sum(8, 8, slanted)).toBeCloseTo(expected, 3);
    expect(sum(8, 8, render(8, 8, rect(-10, 1, -2, 5), rect(9, 1, 15, 5), rect(1, -9, 5, -1), rect(1, 9, 5, 15)))).toBe(0);
  });

  it('flattens curves finely enough: a circle of 4 cubics has area πr², a quadratic stays on its curve', () => {
    const k = 0.5522847498; const r = 20; const c = 25;
    const circle: PathCommand[] = [
      { type: 'M', x: c + r, y: c },
      { type: 'C', x1: c + r, y1: c + k * r, x2: c + k * r, y2: c + r, x: c, y: c + r },
      { type: 'C', x1: c - k * r, y1: c + r, x2: c - r, y2: c + k * r, x: c - r, y: c },
      { type: 'C', x1: c - r, y1: c - k * r, x2: c - k * r, y2: c - r, x: c, y: c - r },
      { type: 'C', x1: c + k * r, y1: c - r, x2: c + r, y2: c - k * r, x: c + r, y: c },
    ];
    const disc = render(50, 50, circle);
    expect(Math.abs(sum(50, 50, disc) / (Math.PI * r * r) - 1)).toBeLessThan(0.002);
    expect(disc(25, 25)).toBe(1);
    expect(disc(1, 1)).toBe(0);
    // Quadratic (0,0) → (10,0) control (5,10): every flattened vertex lies on the curve, and there are enough of them.
    const seg = flattenPath([{ type: 'M', x: 0, y: 0 }, { type: 'Q', x1: 5, y1: 10, x: 10, y: 0 }]);
    expect(seg.length / 4).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < seg.length; i += 4) {
      const x = seg[i]!; const y = seg[i + 1]!;
      const t = x / 10; // x(t) = 10 t on this curve
      expect(y).toBeCloseTo(20 * t * (1 - t), 6); // y(t) = 2·10·t(1 − t)
    }
    // A contour without Z is closed back to its start.
    expect([seg[seg.length - 2], seg[seg.length - 1]]).toEqual([0, 0]);
  });

  it("renders the caption font's 'O' with a hole (centre 0, stroke 1)", () => {
    const font = loadCaptionFont(null);
    const path = font.charToGlyph('O').getPath(0, 0, 60);
    const b = path.getBoundingBox();
    const dx = 2 - b.x1; const dy = 2 - b.y1; // glyph's ink box at (2, 2) in the window
    const w = Math.ceil(b.x2 - b.x1) + 4; const h = Math.ceil(b.y2 - b.y1) + 4;
    const mask = new CoverageMask(w, h);
    mask.addSegments(flattenPath(path.commands), dx, dy);
    const cov = mask.coverage();
    const at = (x: number, y: number): number => cov[Math.floor(y) * w + Math.floor(x)]!;
    const midY = (b.y1 + b.y2) / 2 + dy;
    expect(at(w / 2, midY)).toBe(0); // the counter of the O
    expect(at(2 + 2.5, midY)).toBe(1); // inside the left stroke (DejaVu's stroke ≈ 5 px at 60 px)
    expect(at(0, midY)).toBe(0);
    expect(at(w - 1, midY)).toBe(0);
    // Anti-aliasing: some pixels are partly covered.
    expect(Array.from(cov).some((v) => v > 0.1 && v < 0.9)).toBe(true);
  });
});
