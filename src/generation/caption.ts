/**
 * The caption strip `#NNN - Title` (generation.md §5.1): layout in whole pixels, glyph outlines from
 * the caption font turned into SVG paths (no fontconfig, no system fonts), rendered by librsvg via sharp.
 */
import type { Font, BoundingBox } from 'opentype.js';

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
  /** Path data in font units (y down), or '' for blank glyphs. */
  d: string;
  advance: number;
  /** Ink box in font units, or null for blank glyphs. */
  box: BoundingBox | null;
  glyph: ReturnType<Font['charToGlyph']>;
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
    o = { d: inked ? p.toPathData(2) : '', advance: glyph.advanceWidth ?? 0, box: inked ? { ...b } : null, glyph };
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

const alpha = (a: number): string => (a / 255).toFixed(6);

/**
 * SVG (W × stripHeight) of the strip: black α110 band, black α160 shadow at (+1,+1), white α230 text.
 * Each glyph is its outline in font units placed with translate + scale. Composite it at `top = H - stripHeight`.
 */
export function captionSvg(font: Font, text: string, W: number, H: number): { svg: Buffer; layout: CaptionLayout } {
  const layout = captionLayout(font, text, W, H);
  const top = H - layout.stripHeight;
  const { glyphs } = layoutText(font, text, layout.fontSize);
  const scale = layout.fontSize / font.unitsPerEm;
  const ox = layout.x - layout.ink.x1;
  const oy = layout.y - top - layout.ink.y1;
  const r = (v: number): string => String(Math.round(v * 1000) / 1000);
  const paths = glyphs.filter((g) => g.o.d)
    .map((g) => `<path transform="translate(${r(ox + g.x)} ${r(oy)}) scale(${scale})" d="${g.o.d}"/>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${layout.stripHeight}" viewBox="0 0 ${W} ${layout.stripHeight}">`
    + `<rect x="0" y="0" width="${W}" height="${layout.stripHeight}" fill="#000000" fill-opacity="${alpha(110)}"/>`
    + `<g transform="translate(1 1)" fill="#000000" opacity="${alpha(160)}">${paths}</g>`
    + `<g fill="#ffffff" opacity="${alpha(230)}">${paths}</g>`
    + '</svg>';
  return { svg: Buffer.from(svg), layout };
}
