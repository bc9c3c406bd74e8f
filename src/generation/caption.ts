/**
 * The caption strip `#NNN - Title` (generation.md §5.1): layout in whole pixels, glyph outlines from
 * the caption font turned into SVG paths (no fontconfig, no system fonts), composited with sharp.
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
}

/** `#042 - Turquoise Citadel` (seq zero-padded to at least 3 digits). */
export function captionText(seq: number, title: string): string {
  return `#${String(seq).padStart(3, '0')} - ${title}`;
}

/** SVG path data of `text` laid out with advances + kerning, baseline origin at (ox, oy). */
function textPath(font: Font, text: string, size: number, ox: number, oy: number): { d: string; box: BoundingBox } {
  const scale = size / font.unitsPerEm;
  let x = ox;
  let prev = null as ReturnType<Font['charToGlyph']> | null;
  const parts: string[] = [];
  const box: BoundingBox = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const ch of text) {
    const glyph = font.charToGlyph(ch);
    if (prev) x += font.getKerningValue(prev, glyph) * scale;
    const p = glyph.getPath(x, oy, size);
    const d = p.toPathData(3);
    if (d) {
      parts.push(d);
      const b = p.getBoundingBox();
      if (b.x2 > b.x1 || b.y2 > b.y1) {
        box.x1 = Math.min(box.x1, b.x1); box.y1 = Math.min(box.y1, b.y1);
        box.x2 = Math.max(box.x2, b.x2); box.y2 = Math.max(box.y2, b.y2);
      }
    }
    x += (glyph.advanceWidth ?? 0) * scale;
    prev = glyph;
  }
  if (!Number.isFinite(box.x1)) return { d: parts.join(''), box: { x1: ox, y1: oy, x2: ox, y2: oy } };
  return { d: parts.join(''), box };
}

function inkBox(font: Font, text: string, size: number): BoundingBox {
  return textPath(font, text, size, 0, 0).box;
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
  };
}

const alpha = (a: number): string => (a / 255).toFixed(6);

/**
 * SVG (W × stripHeight) of the strip: black α110 band, black α160 shadow at (+1,+1), white α230 text.
 * Composite it at `top = H - stripHeight`.
 */
export function captionSvg(font: Font, text: string, W: number, H: number): { svg: Buffer; layout: CaptionLayout } {
  const layout = captionLayout(font, text, W, H);
  const top = H - layout.stripHeight;
  const ink = inkBox(font, text, layout.fontSize);
  const ox = layout.x - ink.x1;
  const oy = layout.y - top - ink.y1;
  const { d } = textPath(font, text, layout.fontSize, ox, oy);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${layout.stripHeight}" viewBox="0 0 ${W} ${layout.stripHeight}">`
    + `<rect x="0" y="0" width="${W}" height="${layout.stripHeight}" fill="#000000" fill-opacity="${alpha(110)}"/>`
    + `<path d="${d}" transform="translate(1 1)" fill="#000000" fill-opacity="${alpha(160)}"/>`
    + `<path d="${d}" fill="#ffffff" fill-opacity="${alpha(230)}"/>`
    + '</svg>';
  return { svg: Buffer.from(svg), layout };
}
