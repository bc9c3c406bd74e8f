/**
 * Image decode / caption / encode (generation.md §5): decode PNG/JPEG/WebP to raw RGB (alpha dropped,
 * provider metadata discarded), paint the caption strip, encode baseline 4:2:0 JPEG and embed
 * the recipe. Pure in-memory; the caller writes the bytes atomically.
 */
import type { Font } from 'opentype.js';
import { IOError, errorMessage } from '../errors.js';
import { loadSharp } from '../providers/sharp-lazy.js';
import { paintCaption, type CaptionLayout } from './caption.js';
import { embedRecipeInJpeg, type Recipe } from './recipe.js';

export const BASE_JPEG_QUALITY = 90;
export const UPSCALED_JPEG_QUALITY = 95;

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Decode encoded bytes to 8-bit sRGB RGB pixels (alpha dropped, RGB values kept). */
export async function decodeImage(bytes: Buffer): Promise<RawImage> {
  try {
    const sharp = await loadSharp();
    const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw new IOError(`Failed to decode image payload (${bytes.length} bytes): ${errorMessage(err)}`);
  }
}

/** Lossless, lightly compressed PNG of raw pixels (upscaler input; speed over size). */
export async function encodePngFast(img: RawImage): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
}

/**
 * Raw RGB pixels with the caption strip painted (`paintCaption`, pure TypeScript, no sharp). Returns a
 * copy of the image, or with `inPlace` paints into `img` itself (for a caller that no longer needs the
 * clean pixels). Only the strip rows at the bottom change. Synchronous work; async for its callers.
 */
export async function captionPixels(
  img: RawImage, caption: string, font: Font, opts: { inPlace?: boolean } = {},
): Promise<{ pixels: RawImage; layout: CaptionLayout }> {
  const pixels = opts.inPlace ? img : { data: Buffer.from(img.data), width: img.width, height: img.height };
  const layout = paintCaption(pixels.data, img.width, img.height, font, caption);
  return { pixels, layout };
}

const JPEG_OPTIONS = { chromaSubsampling: '4:2:0', progressive: false, mozjpeg: false, optimiseCoding: false } as const;

/** Baseline JPEG, 4:2:0, given quality, with the recipe as the only metadata. */
export async function encodeJpeg(img: RawImage, quality: number, recipe: Recipe): Promise<Buffer> {
  const sharp = await loadSharp();
  const jpeg = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality, ...JPEG_OPTIONS })
    .toBuffer();
  return embedRecipeInJpeg(jpeg, recipe);
}

/** Caption + encode (the hot path of a full run). */
export async function captionedJpeg(
  img: RawImage, caption: string, font: Font, quality: number, recipe: Recipe, opts: { inPlace?: boolean } = {},
): Promise<{ bytes: Buffer; layout: CaptionLayout }> {
  const { pixels, layout } = await captionPixels(img, caption, font, opts);
  return { bytes: await encodeJpeg(pixels, quality, recipe), layout };
}
