/**
 * The caption strip `#NNN - Title` (generation.md §5.1): layout in whole pixels, glyph outlines from
 * the caption font (no fontconfig, no system fonts) rasterized by `glyph-raster.ts` and painted
 * straight onto the raw RGB pixels (no sharp/librsvg call).
 */
import type { Font, BoundingBox } from 'opentype.js';
import { CoverageMask, flattenPath } from './glyph-raster.js';

export interface CaptionLayout {
  /** Minimum strip height, paddings, font size. */
  s0: number;
  px: number;
  py: number;
  fontSize: number;
  /** Final strip height; the strip covers rows [H - stripHeight, H). */
  stripHeight: number;
  /** Ink box size and top-left corner (image coordinates). */
  textWidth: number;
  textHeight: number;
  x: number;
  y: number;
  /** Ink box at `fontSize` relative to a baseline origin at (0, 0). */
  ink: BoundingBox;
}

/** `#042 - Turquoise Citadel` (seq zero-padded to at least 3 digits). */
export function captionText(seq: number, title: string): string {
  return `#${String(seq).padStart(3, '0')} - ${title}`;
}

interface GlyphOutline {
  advance: number;
  /** Ink box in font units, or null for blank glyphs. */
  box: BoundingBox | null;
  glyph: ReturnType<Font['charToGlyph']>;
  /** Flattened outline (`flattenPath`, pixels, baseline origin) per font size, filled on first use. */
  flat: Map<number, Float64Array>;
}

/** Glyph outlines per font and character, computed once (fonts are immutable once parsed). */
const outlineCache = new WeakMap<Font, Map<string, GlyphOutline>>();

function outline(font: Font, ch: string): GlyphOutline {
  let perFont = outlineCache.get(font);
  if (!perFont) {
    perFont = new Map();
    outlineCache.set(font, perFont);
  }
  let o = perFont.get(ch);
  if (!o) {
    const glyph = font.charToGlyph(ch);
    const p = glyph.getPath(0, 0, font.unitsPerEm);
    const b = p.getBoundingBox();
    const inked = [b.x1, b.y1, b.x2, b.y2].every(Number.isFinite) && (b.x2 > b.x1 || b.y2 > b.y1);
    o = { advance: glyph.advanceWidth ?? 0, box: inked ? { ...b } : null, glyph, flat: new Map() };
    perFont.set(ch, o);
  }
  return o;
}

interface PlacedGlyph { x: number; o: GlyphOutline }

/** Glyphs laid out with advances + kerning at `size`, baseline origin (0, 0), and their ink box. */
function layoutText(font: Font, text: string, size: number): { glyphs: PlacedGlyph[]; box: BoundingBox } {
  const scale = size / font.unitsPerEm;
  let x = 0;
  let prev: GlyphOutline | null = null;
  const glyphs: PlacedGlyph[] = [];
  const box: BoundingBox = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const ch of text) {
    const o = outline(font, ch);
    if (prev) x += font.getKerningValue(prev.glyph, o.glyph) * scale;
    glyphs.push({ x, o });
    if (o.box) {
      box.x1 = Math.min(box.x1, x + o.box.x1 * scale); box.y1 = Math.min(box.y1, o.box.y1 * scale);
      box.x2 = Math.max(box.x2, x + o.box.x2 * scale); box.y2 = Math.max(box.y2, o.box.y2 * scale);
    }
    x += o.advance * scale;
    prev = o;
  }
  return { glyphs, box: Number.isFinite(box.x1) ? box : { x1: 0, y1: 0, x2: 0, y2: 0 } };
}

function inkBox(font: Font, text: string, size: number): BoundingBox {
  return layoutText(font, text, size).box;
}

/** Layout of §5.1 for an image of W×H. */
export function captionLayout(font: Font, text: string, W: number, H: number): CaptionLayout {
  const s0 = Math.max(Math.floor(0.04 * H), 18);
  const px = Math.max(Math.floor(0.02 * W), 10);
  const py = Math.max(Math.floor(0.2 * s0), 4);
  let fontSize = Math.max(Math.floor(0.028 * H), 14);
  let box = inkBox(font, text, fontSize);
  while (box.x2 - box.x1 > W - 2 * px && fontSize > 10) {
    fontSize = Math.max(fontSize - 2, 10);
    box = inkBox(font, text, fontSize);
  }
  const textWidth = Math.ceil(box.x2 - box.x1);
  const textHeight = Math.ceil(box.y2 - box.y1);
  const stripHeight = Math.min(H, Math.max(s0, textHeight + 2 * py));
  return {
    s0, px, py, fontSize, stripHeight, textWidth, textHeight,
    x: Math.floor((W - textWidth) / 2),
    y: H - stripHeight + Math.floor((stripHeight - textHeight) / 2),
    ink: box,
  };
}

/** Line segments of a glyph's outline at `size` px (baseline origin), or null for a blank glyph. */
function flatOutline(o: GlyphOutline, size: number): Float64Array | null {
  if (!o.box) return null;
  let seg = o.flat.get(size);
  if (!seg) {
    seg = flattenPath(o.glyph.getPath(0, 0, size).commands);
    o.flat.set(size, seg);
  }
  return seg;
}

/** Paint of §5.1: multipliers of the strip (black α110) and shadow (black α160), text opacity (white α230). */
const STRIP_KEEP = 1 - 110 / 255;
const SHADOW_ALPHA = 160 / 255;
const TEXT_ALPHA = 230 / 255;
/** round(c · (1 − 110/255)): a strip pixel that neither text nor shadow touches. */
const STRIP_LUT = Uint8Array.from({ length: 256 }, (_, c) => Math.floor(c * STRIP_KEEP + 0.5));
/** STRIP_LUT for two bytes at once (either byte order), built on first use. */
let stripLut16: Uint16Array | null = null;

/** Bytes [start, end) of `rgb` → STRIP_LUT, two bytes per lookup where aligned (the bulk of the strip). */
function darken(rgb: Uint8Array, start: number, end: number): void {
  if ((rgb.byteOffset + start) & 1 && start < end) { rgb[start] = STRIP_LUT[rgb[start]!]!; start++; }
  const pairs = (end - start) >> 1;
  if (pairs > 16) {
    const lut = stripLut16 ??= Uint16Array.from({ length: 65536 }, (_, v) => STRIP_LUT[v & 255]! | (STRIP_LUT[v >> 8]! << 8));
    const u16 = new Uint16Array(rgb.buffer, rgb.byteOffset + start, pairs);
    for (let i = 0; i < pairs; i++) u16[i] = lut[u16[i]!]!;
    start += 2 * pairs;
  }
  for (let i = start; i < end; i++) rgb[i] = STRIP_LUT[rgb[i]!]!;
}

/**
 * Paints the caption strip into `rgb` (W×H, 3 bytes per pixel, row-major) in place; only rows
 * [H − stripHeight, H) change. Per channel, in this order (the painter's order of the former SVG):
 * strip `c·(1 − 110/255)`, shadow `c·(1 − cov(x−1, y−1)·160/255)`, text `c + (255 − c)·cov(x, y)·230/255`,
 * then rounded half up. `cov` is the coverage of the union of all glyphs (one mask for the whole
 * string), like the group opacity of the SVG: overlapping glyphs do not paint twice.
 */
export function paintCaption(rgb: Uint8Array, W: number, H: number, font: Font, text: string): CaptionLayout {
  const layout = captionLayout(font, text, W, H);
  const s = layout.stripHeight;
  const top = H - s;
  // Glyph origin in strip coordinates: the ink box's top-left lands on (layout.x, layout.y).
  const ox = layout.x - layout.ink.x1;
  const oy = layout.y - top - layout.ink.y1;
  // Coverage window: the ink box plus 1 px of margin, inside the strip (the rasterizer clips the rest exactly).
  const wx = Math.max(0, layout.x - 1);
  const wy = Math.max(0, layout.y - top - 1);
  const ww = Math.max(0, Math.min(W, layout.x + layout.textWidth + 1) - wx);
  const wh = Math.max(0, Math.min(s, layout.y - top + layout.textHeight + 1) - wy);
  const mask = new CoverageMask(ww, wh);
  for (const g of layoutText(font, text, layout.fontSize).glyphs) {
    const seg = flatOutline(g.o, layout.fontSize);
    if (seg) mask.addSegments(seg, ox + g.x - wx, oy - wy);
  }
  const cov = mask.coverage();

  // Text covers window rows/columns [w, w + size), its shadow [w + 1, w + size + 1); the rest of the
  // strip only darkens.
  const rowBytes = W * 3;
  const yA = ww > 0 ? wy : s;
  const yB = ww > 0 ? Math.min(s, wy + wh + 1) : s;
  const xEnd = Math.min(W, wx + ww + 1);
  darken(rgb, top * rowBytes, (top + yA) * rowBytes);
  for (let y = yA; y < yB; y++) {
    const row = (top + y) * rowBytes;
    const my = y - wy; // row in the mask
    darken(rgb, row, row + wx * 3);
    for (let x = wx; x < xEnd; x++) {
      const mx = x - wx;
      const t = my < wh && mx < ww ? cov[my * ww + mx]! : 0;
      const sh = my > 0 && mx > 0 ? cov[(my - 1) * ww + mx - 1]! : 0;
      const i = row + x * 3;
      if (t === 0 && sh === 0) {
        rgb[i] = STRIP_LUT[rgb[i]!]!; rgb[i + 1] = STRIP_LUT[rgb[i + 1]!]!; rgb[i + 2] = STRIP_LUT[rgb[i + 2]!]!;
        continue;
      }
      // strip, shadow, text folded into c·m + 255·ta; b carries the + 0.5 of round half up (values ≥ 0).
      const ta = t * TEXT_ALPHA;
      const m = STRIP_KEEP * (1 - sh * SHADOW_ALPHA) * (1 - ta);
      const b = 255 * ta + 0.5;
      for (let k = i; k < i + 3; k++) rgb[k] = Math.min(255, Math.floor(rgb[k]! * m + b));
    }
    darken(rgb, row + xEnd * 3, row + rowBytes);
  }
  darken(rgb, (top + yB) * rowBytes, H * rowBytes);
  return layout;
}
