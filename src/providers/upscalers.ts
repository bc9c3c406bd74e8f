/**
 * Upscalers (generation.md §6): `lanczos` (sharp, built in) and `realesrgan-ncnn-vulkan` (external
 * binary, ×4 then a Lanczos fit). `run()` applies the whole target/method rule and returns the
 * method to record; `upscale()` is the plain Upscaler contract (fit to an explicit size).
 */
import sharp from 'sharp';
import { IOError } from '../errors.js';
import { normalizeUpscaleConfig, type UpscaleConfig } from './config.js';
import { findRealesrganBinary, MISSING_BINARY_MESSAGE, resolveModelDir, runRealesrgan } from './realesrgan.js';
import type { Upscaler, UpscaleRequest } from './types.js';
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

export interface UpscalerOptions {
  env?: NodeJS.ProcessEnv;
  /** Real-ESRGAN timeout (default 600 s). */
  realesrganTimeoutMs?: number;
}

/** Lanczos fit: scale to cover W×H, centre-crop; keeps the input's encoding. */
export async function lanczosFit(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(bytes).resize(width, height, { fit: 'cover', position: 'centre', kernel: 'lanczos3' }).toBuffer();
}

async function sizeOf(bytes: Buffer): Promise<{ width: number; height: number }> {
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
    const png = await sharp(bytes).png().toBuffer();
    const x4 = await runRealesrgan(
      { binary, modelDir, modelName: this.config.model_name, tileSize: this.config.tile_size, tta: this.config.tta, generationId: gid, timeoutMs: this.opts.realesrganTimeoutMs },
      png,
    );
    return lanczosFit(x4, width, height);
  }

  /** The full rule of generation.md §6: target from config, method, pixels. */
  async run(request: UpscaleRunRequest): Promise<UpscaleResult> {
    const src = await sizeOf(request.bytes);
    const target = computeUpscaleTarget(this.config, src.width, src.height);
    const binary = this.binary();
    const choice = chooseUpscaleMethod(this.config, target, src.width, src.height, binary !== null);
    if (choice === 'missing_binary') throw new IOError(MISSING_BINARY_MESSAGE);
    const logLevel = choice === 'lanczos_fallback' ? 'WARNING' : 'INFO';
    const logMessage = `Upscaling enabled: engine=${this.config.engine} model=${this.modelLabel} target=${target.desc} method=${choice}`;
    request.log?.(logLevel, logMessage);
    let bytes: Buffer;
    if (choice === 'copy') bytes = request.bytes;
    else if (choice === 'realesrgan') bytes = await this.x4ThenFit(binary as string, request.bytes, target.width, target.height, request.generationId ?? 'image');
    else bytes = await lanczosFit(request.bytes, target.width, target.height);
    const out = choice === 'copy' ? src : await sizeOf(bytes);
    return { bytes, width: out.width, height: out.height, method: choice, engine: this.config.engine, model: this.modelLabel, target, logMessage, logLevel };
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
