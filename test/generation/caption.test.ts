import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadCaptionFont, BUNDLED_FONT_PATH } from '../../src/generation/caption-font.js';
import { captionLayout, captionText } from '../../src/generation/caption.js';
import { captionPixels, captionedJpeg, decodeImage } from '../../src/generation/image-codec.js';
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
