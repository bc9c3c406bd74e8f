import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadCaptionFont, BUNDLED_FONT_PATH } from '../../src/generation/caption-font.js';
import { captionLayout, captionText } from '../../src/generation/caption.js';
import { captionPixels, captionedJpeg, decodeImage, type RawImage } from '../../src/generation/image-codec.js';
import { orderedRecipe, readRecipe, embedRecipeInPng, recipeXmpPayload } from '../../src/generation/recipe.js';

const luminance = (d: Buffer, i: number): number => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

function recipe(prompt = 'a harbor <at> dusk & "lanterns" — é') {
  return orderedRecipe({
    generation_id: 'g1', created_at: '2026-01-20T15:15:00Z', tool: { name: 'image-project', version: '0.1.0' },
    rendition: 'base', seed: 12345, run_mode: 'full', plan: 'blackbox_refine', prompt, title: 'Quiet Harbor Lights',
    image_id: '#002', selected_concepts: ['Cat', 'Moody'],
    models: { text: { provider: 'offline', model: 'offline-text-v1' }, image: { provider: 'offline', model: 'offline-image-v1', size: '1536x1024', quality: 'high' }, upscale: null },
    experiment: { id: null, variant: null, notes: null, tags: [] },
  });
}

describe('caption overlay', () => {
  const font = loadCaptionFont(null);

  it('ships the bundled DejaVu font with its licence', () => {
    expect(fs.existsSync(BUNDLED_FONT_PATH)).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(BUNDLED_FONT_PATH), 'DejaVuSans-LICENSE.txt'))).toBe(true);
  });

  it('computes the layout of §5.1', () => {
    const a = captionLayout(font, captionText(1, 'Quiet Harbor Lights'), 1536, 1024);
    expect([a.s0, a.px, a.py, a.fontSize]).toEqual([40, 30, 8, 28]);
    expect(a.stripHeight).toBe(Math.max(40, a.textHeight + 16));
    expect(a.x).toBe(Math.floor((1536 - a.textWidth) / 2));
    const b = captionLayout(font, captionText(42, 'Turquoise Citadel'), 3840, 2160);
    expect([b.s0, b.px, b.py, b.fontSize]).toEqual([86, 76, 17, 60]);
    const narrow = captionLayout(font, captionText(7, 'Extraordinarily Long Caption Words'), 200, 100);
    expect(narrow.fontSize).toBe(10);
    expect(captionText(1234, 'X Y')).toBe('#1234 - X Y');
  });

  it('renders legible text on black: >= 500 bright strip pixels, only in the strip, byte-identical twice', async () => {
    const W = 1536; const H = 1024;
    const img = { data: Buffer.alloc(W * H * 3), width: W, height: H };
    const one = await captionPixels(img, '#001 - Quiet Harbor Lights', font);
    const two = await captionPixels(img, '#001 - Quiet Harbor Lights', font);
    expect(one.pixels.data.equals(two.pixels.data)).toBe(true);
    const top = H - one.layout.stripHeight;
    let bright = 0; let outside = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 3;
        const l = luminance(one.pixels.data, i);
        if (y < top && l !== 0) outside++;
        if (y >= top && l > 200) bright++;
      }
    }
    expect(outside).toBe(0);
    expect(bright).toBeGreaterThanOrEqual(500);
    // The band itself darkens a white image (black α110) outside the glyphs.
    const white = { data: Buffer.alloc(W * H * 3, 255), width: W, height: H };
    const w = await captionPixels(white, '#001 - Quiet Harbor Lights', font);
    const corner = ((H - 2) * W + 2) * 3;
    expect(w.pixels.data[corner]).toBeGreaterThan(135);
    expect(w.pixels.data[corner]).toBeLessThan(155);
  });

  it('fails clearly for an unloadable font path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-font-'));
    const bad = path.join(dir, 'bad.ttf');
    fs.writeFileSync(bad, 'not a font');
    expect(() => loadCaptionFont(bad)).toThrow(`Failed to load caption font from '${bad}':`);
    expect(() => loadCaptionFont(path.join(dir, 'missing.ttf'))).toThrow(/Failed to load caption font from '.*missing\.ttf'/);
  });
});

describe('caption paint (own rasterizer, generation.md §5.1)', () => {
  const font = loadCaptionFont(null);
  const W = 1536; const H = 1024;
  const text = '#001 - Quiet Harbor Lights';
  /** Every byte value 0..255 appears in every strip row. */
  const pattern = (): RawImage => {
    const data = Buffer.alloc(W * H * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 12)) & 255;
    return { data, width: W, height: H };
  };
  const stripOnly = (c: number): number => Math.floor(c * (1 - 110 / 255) + 0.5);

  it('changes only the strip rows, darkens them to round(c·(1 − 110/255)) away from the text, copies unless inPlace', async () => {
    const img = pattern();
    const original = Buffer.from(img.data);
    const { pixels, layout } = await captionPixels(img, text, font);
    expect(img.data.equals(original)).toBe(true); // the input is untouched
    const top = H - layout.stripHeight;
    expect(pixels.data.subarray(0, top * W * 3).equals(original.subarray(0, top * W * 3))).toBe(true);
    const inkTop = layout.y; const inkBottom = layout.y + layout.textHeight;
    let checked = 0; let changed = 0; let wrong = 0;
    for (let y = top; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 3;
        for (let k = i; k < i + 3; k++) if (pixels.data[k] !== original[k]) changed++;
        // Away from the text and its shadow (1 px margin around the ink box + shadow offset).
        if (x < layout.x - 1 || x > layout.x + layout.textWidth + 2 || y < inkTop - 1 || y > inkBottom + 2) {
          for (let k = i; k < i + 3; k++) if (pixels.data[k] !== stripOnly(original[k]!)) wrong++;
          checked++;
        }
      }
    }
    expect(wrong).toBe(0);
    expect(checked).toBeGreaterThan(W * (layout.stripHeight - layout.textHeight - 4) - 1);
    expect(changed).toBeGreaterThan(W * layout.stripHeight * 3 * 0.9);
    // inPlace paints into the same buffer, with the same result.
    const inPlace = await captionPixels(img, text, font, { inPlace: true });
    expect(inPlace.pixels.data).toBe(img.data);
    expect(img.data.equals(pixels.data)).toBe(true);
  });

  it('paints the text white α230 and a darker shadow at (+1, +1)', async () => {
    // Black image: fully covered text pixels become round(255·230/255) = 230, nothing brighter.
    const black = { data: Buffer.alloc(W * H * 3), width: W, height: H };
    const { pixels } = await captionPixels(black, text, font);
    let max = 0; let full = 0;
    for (const v of pixels.data) { if (v > max) max = v; if (v === 230) full++; }
    expect(max).toBe(230);
    expect(full).toBeGreaterThan(3 * 500);
    // Grey image: the strip background is round(202·145/255) = 115; shadow pixels are darker and lie
    // just right/below the text; text pixels are brighter.
    const grey = { data: Buffer.alloc(W * H * 3, 202), width: W, height: H };
    const g = await captionPixels(grey, text, font);
    const bg = stripOnly(202);
    expect(bg).toBe(115);
    let darker = 0; let brighter = 0; let misplaced = 0;
    const L = g.layout;
    for (let y = H - L.stripHeight; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const v = g.pixels.data[(y * W + x) * 3]!;
        if (v < bg) {
          darker++;
          if (x < L.x + 1 || x > L.x + L.textWidth + 1 || y < L.y + 1 || y > L.y + L.textHeight + 1) misplaced++;
        }
        if (v > bg) brighter++;
      }
    }
    expect(darker).toBeGreaterThan(300);
    expect(misplaced).toBe(0);
    expect(brighter).toBeGreaterThan(2000);
    // The darkest pixel: full shadow, no text: round(202·(145/255)·(95/255)) = round(42.78) = 43 (rounded, not truncated).
    let min = 255;
    for (let i = 0; i < g.pixels.data.length; i++) min = Math.min(min, g.pixels.data[i]!);
    expect(min).toBe(43);
  });

  it('renders the 4K caption deterministically and clips a too-long caption at the image edges', async () => {
    const big = { data: Buffer.alloc(3840 * 2160 * 3, 60), width: 3840, height: 2160 };
    const a = await captionPixels(big, captionText(42, 'Turquoise Citadel'), font);
    const b = await captionPixels(big, captionText(42, 'Turquoise Citadel'), font);
    expect(a.layout.fontSize).toBe(60);
    expect(a.pixels.data.equals(b.pixels.data)).toBe(true);
    // 200×100: the text at the minimum size 10 is wider than the image; it still paints, only in the strip.
    const small = { data: Buffer.alloc(200 * 100 * 3, 255), width: 200, height: 100 };
    const s = await captionPixels(small, captionText(7, 'Extraordinarily Long Caption Words'), font);
    const top = 100 - s.layout.stripHeight;
    expect(s.pixels.data.subarray(0, top * 600).every((v) => v === 255)).toBe(true);
    const strip = s.pixels.data.subarray(top * 600);
    expect(strip.some((v) => v > 200)).toBe(true); // text
    expect(strip.some((v) => v < stripOnly(255))).toBe(true); // shadow
  });
});

describe('JPEG encoding and recipe', () => {
  const font = loadCaptionFont(null);

  it('writes a baseline 4:2:0 JPEG whose XMP recipe reads back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-jpeg-'));
    const src = await sharp({ create: { width: 320, height: 200, channels: 4, background: { r: 10, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
    const img = await decodeImage(src);
    expect(img.data.length).toBe(320 * 200 * 3);
    const { bytes } = await captionedJpeg(img, '#002 - Quiet Harbor Lights', font, 90, recipe());
    const file = path.join(dir, 'x.jpg');
    fs.writeFileSync(file, bytes);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.chromaSubsampling).toBe('4:2:0');
    expect(meta.isProgressive).toBe(false);
    expect(bytes.includes(Buffer.from([0xff, 0xc0]))).toBe(true);
    expect(bytes.toString('latin1')).toContain('xmlns:imageproject="urn:image-project:recipe:1"');
    const back = await readRecipe(file);
    expect(back).toEqual(recipe());
    expect(Object.keys(back!)).toEqual(['schema', 'version', 'generation_id', 'created_at', 'tool', 'rendition', 'seed', 'run_mode', 'plan', 'prompt', 'title', 'image_id', 'selected_concepts', 'models', 'experiment']);
  });

  it('truncates a huge prompt at a code point boundary to fit one segment', () => {
    const payload = recipeXmpPayload(recipe('😀'.repeat(40000)));
    expect(payload.length).toBeLessThanOrEqual(65533);
    const xml = payload.toString('utf8');
    const json = JSON.parse(/<imageproject:recipe>([\s\S]*)<\/imageproject:recipe>/.exec(xml)![1]!);
    expect(json.prompt_truncated).toBe(true);
    expect(Object.keys(json).at(-1)).toBe('prompt_truncated');
    expect([...json.prompt].every((c: string) => c === '😀')).toBe(true);
  });

  it('embeds the recipe in a PNG iTXt chunk before IDAT', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-png-'));
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer();
    const out = embedRecipeInPng(png, recipe());
    const file = path.join(dir, 'x.png');
    fs.writeFileSync(file, out);
    expect(out.indexOf('iTXt')).toBeLessThan(out.indexOf('IDAT'));
    expect(await readRecipe(file)).toEqual(recipe());
    expect((await sharp(out).metadata()).width).toBe(8);
  });
});
