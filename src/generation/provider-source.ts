/**
 * Where a run gets its providers: the per-process cache of src/providers (`getProviders(asLoose(cfg))`, shared
 * rate limits and concurrency across concurrent runs), or instances injected by the caller (tests).
 */
import type { AppConfig } from '../config/types.js';
import { getProviders, type UpscalePixelsRequest, type UpscalePixelsResult, type UpscaleResult, type UpscaleRunRequest } from '../providers/index.js';
import type { ImageProvider, TextProvider, Upscaler } from '../providers/types.js';

/** An upscaler that applies the whole rule of generation.md §6 (target, method, pixels, log line). */
export interface RunUpscaler {
  run(request: UpscaleRunRequest): Promise<UpscaleResult>;
  /** Optional: the same rule on raw RGB pixels (no encode/decode round trip); used when present. */
  runPixels?(request: UpscalePixelsRequest): Promise<UpscalePixelsResult>;
}

export interface ProviderSource {
  text(cfg: AppConfig): TextProvider;
  image(cfg: AppConfig): ImageProvider;
  upscaler(cfg: AppConfig): RunUpscaler;
}

const asLoose = (cfg: AppConfig): Record<string, unknown> => cfg as unknown as Record<string, unknown>;

function isRunUpscaler(u: Upscaler | RunUpscaler): u is RunUpscaler {
  return typeof (u as RunUpscaler).run === 'function';
}

export function defaultProviderSource(overrides?: { text?: TextProvider; image?: ImageProvider; upscaler?: Upscaler | RunUpscaler }): ProviderSource {
  return {
    text: (cfg) => overrides?.text ?? getProviders(asLoose(cfg)).text,
    image: (cfg) => overrides?.image ?? getProviders(asLoose(cfg)).image,
    upscaler: (cfg) => {
      const u = overrides?.upscaler;
      if (u && isRunUpscaler(u)) return u;
      if (u) throw new TypeError('providers.upscaler override must implement run() (see ConfiguredUpscaler)');
      return getProviders(asLoose(cfg)).upscaler;
    },
  };
}
