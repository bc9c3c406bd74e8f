/**
 * Upscalers (generation.md §6): `lanczos` (built in: our own Lanczos3 in WebAssembly SIMD,
 * lanczos-resample.ts) and `realesrgan-ncnn-vulkan` (external binary, ×4 then a Lanczos fit). `run()`
 * applies the whole target/method rule and returns the method to record; `upscale()` is the plain
 * Upscaler contract (fit to an explicit size).
 */
import { IOError } from '../errors.js';
import { normalizeUpscaleConfig, type UpscaleConfig } from './config.js';
import { findRealesrganBinary, MISSING_BINARY_MESSAGE, resolveModelDir, runRealesrgan } from './realesrgan.js';
import { lanczosCoverFitOffThread } from './lanczos-offload.js';
import { lanczosCoverFit } from './lanczos-resample.js';
import { loadSharp } from './sharp-lazy.js';
import type { RawPixels, Upscaler, UpscaleRequest } from './types.js';
import { chooseUpscaleMethod, computeUpscaleTarget, type UpscaleMethod, type UpscaleTarget } from './upscale-target.js';

export interface UpscaleRunRequest {
  /** The clean (caption-free) image. */
  bytes: Buffer;
  /** Names the temp files of the Real-ESRGAN run. */
  generationId?: string;
  /** When given, the `Upscaling enabled: …` oplog line is written through it (WARNING for a fallback). */
  log?: UpscaleRequest['log'];
}

export interface UpscaleResult {
  bytes: Buffer;
  width: number;
  height: number;
  method: UpscaleMethod;
  engine: UpscaleConfig['engine'];
  /** `upscale.model_name` for Real-ESRGAN, `lanczos3` for the built-in engine. */
  model: string;
  target: UpscaleTarget;
  /** The oplog line of generation.md §6 and its level. */
  logMessage: string;
  logLevel: 'INFO' | 'WARNING';
}

/** `runPixels()`: the clean image as raw RGB pixels (no encode/decode round trip for the Lanczos engine). */
export interface UpscalePixelsRequest {
  pixels: RawPixels;
  generationId?: string;
  log?: UpscaleRequest['log'];
}

/** `runPixels()` result: the same fields as `run()`, the upscaled image as raw RGB pixels (the input for `copy`). */
export type UpscalePixelsResult = Omit<UpscaleResult, 'bytes'> & { pixels: RawPixels };

export interface UpscalerOptions {
  env?: NodeJS.ProcessEnv;
  /** Real-ESRGAN timeout (default 600 s). */
  realesrganTimeoutMs?: number;
}

/** Lanczos fit of encoded bytes: decode, scale to cover W×H and centre-crop (see lanczos-resample.ts), lossless PNG out. */
export async function lanczosFit(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new IOError(`Cannot upscale: the image decodes to ${info.channels} channels (expected 3)`);
  const fitted = lanczosCoverFit({ data, width: info.width, height: info.height }, width, height);
  return sharp(fitted.data, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
}

/** The same Lanczos fit on raw RGB pixels, to raw RGB pixels (no encode/decode), on the resampler's worker thread. */
export async function lanczosFitPixels(img: RawPixels, width: number, height: number): Promise<RawPixels> {
  return lanczosCoverFitOffThread(img, width, height);
}

async function sizeOf(bytes: Buffer): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  const meta = await sharp(bytes).metadata();
  if (!meta.width || !meta.height) throw new IOError('Cannot upscale: the image has no readable size');
  return { width: meta.width, height: meta.height };
}

export class ConfiguredUpscaler implements Upscaler {
  readonly name: UpscaleConfig['engine'];
  readonly config: UpscaleConfig;

  constructor(cfg: Partial<UpscaleConfig> | Record<string, unknown> | null | undefined, private readonly opts: UpscalerOptions = {}) {
    this.config = normalizeUpscaleConfig(cfg as Record<string, unknown>);
    this.name = this.config.engine;
  }

  private get modelLabel(): string {
    return this.config.engine === 'lanczos' ? 'lanczos3' : this.config.model_name;
  }

  private binary(): string | null {
    return this.config.engine === 'realesrgan-ncnn-vulkan'
      ? findRealesrganBinary(this.config, this.opts.env ?? process.env)
      : null;
  }

  private async x4ThenFit(binary: string, bytes: Buffer, width: number, height: number, gid: string): Promise<Buffer> {
    const modelDir = resolveModelDir(this.config, binary);
    const sharp = await loadSharp();
    const png = await sharp(bytes).png().toBuffer();
    const x4 = await runRealesrgan(
      { binary, modelDir, modelName: this.config.model_name, tileSize: this.config.tile_size, tta: this.config.tta, generationId: gid, timeoutMs: this.opts.realesrganTimeoutMs },
      png,
    );
    return lanczosFit(x4, width, height);
  }

  /** Target, method and the oplog line (written through `log`) of generation.md §6 for a source of w×h. */
  private decide(src: { width: number; height: number }, log: UpscaleRequest['log']) {
    const target = computeUpscaleTarget(this.config, src.width, src.height);
    const binary = this.binary();
    const choice = chooseUpscaleMethod(this.config, target, src.width, src.height, binary !== null);
    if (choice === 'missing_binary') throw new IOError(MISSING_BINARY_MESSAGE);
    const logLevel: UpscaleResult['logLevel'] = choice === 'lanczos_fallback' ? 'WARNING' : 'INFO';
    const logMessage = `Upscaling enabled: engine=${this.config.engine} model=${this.modelLabel} target=${target.desc} method=${choice}`;
    log?.(logLevel, logMessage);
    return { target, binary, choice, logLevel, logMessage };
  }

  /** The full rule of generation.md §6: target from config, method, pixels. */
  async run(request: UpscaleRunRequest): Promise<UpscaleResult> {
    const src = await sizeOf(request.bytes);
    const { target, binary, choice, logLevel, logMessage } = this.decide(src, request.log);
    let bytes: Buffer;
    if (choice === 'copy') bytes = request.bytes;
    else if (choice === 'realesrgan') bytes = await this.x4ThenFit(binary as string, request.bytes, target.width, target.height, request.generationId ?? 'image');
    else bytes = await lanczosFit(request.bytes, target.width, target.height);
    const out = choice === 'copy' ? src : await sizeOf(bytes);
    return { bytes, width: out.width, height: out.height, method: choice, engine: this.config.engine, model: this.modelLabel, target, logMessage, logLevel };
  }

  /**
   * `run()` on raw RGB pixels: same rule, same log line, same resulting pixels. The Lanczos fit runs
   * raw → raw (no PNG encode of the source, no PNG encode + decode of the 4K result); Real-ESRGAN
   * still goes through its PNG files.
   */
  async runPixels(request: UpscalePixelsRequest): Promise<UpscalePixelsResult> {
    const src = request.pixels;
    const { target, binary, choice, logLevel, logMessage } = this.decide(src, request.log);
    const common = { method: choice, engine: this.config.engine, model: this.modelLabel, target, logMessage, logLevel };
    if (choice === 'copy') return { pixels: src, width: src.width, height: src.height, ...common };
    let pixels: RawPixels;
    if (choice === 'realesrgan') {
      const sharp = await loadSharp();
      const png = await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 3 } }).png().toBuffer();
      const fitted = await this.x4ThenFit(binary as string, png, target.width, target.height, request.generationId ?? 'image');
      const { data, info } = await sharp(fitted).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      pixels = { data, width: info.width, height: info.height };
    } else {
      pixels = await lanczosFitPixels(src, target.width, target.height);
    }
    return { pixels, width: pixels.width, height: pixels.height, ...common };
  }

  /** Fits to exactly targetWidth×targetHeight with this engine (Real-ESRGAN ×4 first when smaller). */
  async upscale(request: UpscaleRequest): Promise<Buffer> {
    const { targetWidth: w, targetHeight: h } = request;
    const src = await sizeOf(request.bytes);
    if (src.width === w && src.height === h) return request.bytes;
    if (this.config.engine === 'lanczos' || (src.width >= w && src.height >= h)) return lanczosFit(request.bytes, w, h);
    const binary = this.binary();
    if (binary) return this.x4ThenFit(binary, request.bytes, w, h, 'image');
    if (!this.config.allow_fallback_resize) throw new IOError(MISSING_BINARY_MESSAGE);
    request.log?.('WARNING', `Upscaling: realesrgan-ncnn-vulkan not found; using Lanczos (allow_fallback_resize=true)`);
    return lanczosFit(request.bytes, w, h);
  }
}
