/**
 * Image decode / caption / encode (generation.md §5): decode PNG/JPEG/WebP to raw RGB (alpha dropped,
 * provider metadata discarded), composite the caption strip, encode baseline 4:2:0 JPEG and embed
 * the recipe. Pure in-memory; the caller writes the bytes atomically.
 */
import type { Font } from 'opentype.js';
import { IOError, errorMessage } from '../errors.js';
import { loadSharp } from '../providers/sharp-lazy.js';
import { captionSvg, type CaptionLayout } from './caption.js';
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
 * Raw RGB pixels with the caption strip composited. Only the bottom rows are composited (they are
 * contiguous at the end of the buffer), then copied into a copy of the image: the rest stays untouched.
 * With `inPlace` the strip is copied into `img` itself (no copy of the image; for a caller that no longer
 * needs the clean pixels).
 */
export async function captionPixels(
  img: RawImage, caption: string, font: Font, opts: { inPlace?: boolean } = {},
): Promise<{ pixels: RawImage; layout: CaptionLayout }> {
  const { svg, layout } = captionSvg(font, caption, img.width, img.height);
  const s = layout.stripHeight;
  const offset = (img.height - s) * img.width * 3;
  const sharp = await loadSharp();
  const strip = await sharp(img.data.subarray(offset), { raw: { width: img.width, height: s, channels: 3 } })
    .composite([{ input: svg, top: 0, left: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer();
  if (opts.inPlace) {
    strip.copy(img.data, offset);
    return { pixels: img, layout };
  }
  const data = Buffer.allocUnsafe(img.data.length);
  img.data.copy(data, 0, 0, offset);
  strip.copy(data, offset);
  return { pixels: { data, width: img.width, height: img.height }, layout };
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
