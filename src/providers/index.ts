/**
 * Provider registry: config names → providers (config.md §7.12), and the per-process cache
 * `getProviders(cfg)` so concurrent runs share instances, rate limits and `max_concurrency`.
 */
import {
  normalizeImageConfig,
  normalizeTextConfig,
  normalizeUpscaleConfig,
  type ImageProviderConfig,
  type TextProviderConfig,
  type UpscaleConfig,
} from './config.js';
import { OfflineImageProvider } from './offline-image.js';
import { OfflineTextProvider } from './offline-text.js';
import { OpenAIImageProvider } from './openai-image.js';
import { OpenAITextProvider } from './openai-text.js';
import type { ProviderOptions } from './options.js';
import type { ImageProvider, TextProvider } from './types.js';
import { ConfiguredUpscaler, type UpscalerOptions } from './upscalers.js';

export * from './types.js';
export * from './config.js';
export type { ProviderOptions } from './options.js';
export { ConfiguredUpscaler, lanczosFit, lanczosFitPixels, type UpscaleResult, type UpscaleRunRequest, type UpscalerOptions, type UpscalePixelsRequest, type UpscalePixelsResult } from './upscalers.js';
export { releasePixels } from './pixel-pool.js';
export { warmLanczosWorker } from './lanczos-offload.js';
export { computeUpscaleTarget, chooseUpscaleMethod, parseAspectRatio, formatAspect, type UpscaleTarget, type UpscaleMethod } from './upscale-target.js';
export { findRealesrganBinary, MISSING_BINARY_MESSAGE } from './realesrgan.js';
export { offlineAnswer } from './offline-text.js';
export { offlineSeed, renderOfflineImage } from './offline-render.js';
import { resolveApiKey } from './openai-client.js';
export { resolveApiKey };
export { resolveApi, sendsTemperature } from './openai-text.js';
export { backoffMs, parseRetryAfter, type ReliabilityOptions } from './reliability.js';
export { sharedGate, resetSharedGates, ProviderGate, RateLimiter, type GateStats } from './gate.js';

type Loose = Record<string, unknown> | null | undefined;

/** A text provider for `providers.text` (partial objects get the §7.12 defaults). Throws ConfigError on a missing key. */
export function createTextProvider(textCfg: Loose | Partial<TextProviderConfig>, opts: ProviderOptions = {}): TextProvider {
  const cfg = normalizeTextConfig(textCfg as Loose);
  return cfg.provider === 'openai' ? new OpenAITextProvider(cfg, opts) : new OfflineTextProvider(cfg, opts);
}

/** An image provider for `providers.image`. Throws ConfigError on a missing key. */
export function createImageProvider(imageCfg: Loose | Partial<ImageProviderConfig>, opts: ProviderOptions = {}): ImageProvider {
  const cfg = normalizeImageConfig(imageCfg as Loose);
  return cfg.provider === 'openai' ? new OpenAIImageProvider(cfg, opts) : new OfflineImageProvider(cfg, opts);
}

/** The upscaler for the `upscale` block (`run()` applies generation.md §6 end to end). */
export function createUpscaler(upscaleCfg: Loose | Partial<UpscaleConfig>, opts: UpscalerOptions = {}): ConfiguredUpscaler {
  return new ConfiguredUpscaler(normalizeUpscaleConfig(upscaleCfg as Loose), opts);
}

export interface ProviderSet {
  /** Created on first access (a missing API key throws then). */
  readonly text: TextProvider;
  /** Created on first access, so `prompt_only` runs never need an image key. */
  readonly image: ImageProvider;
  readonly upscaler: ConfiguredUpscaler;
}

const textCache = new Map<string, TextProvider>();
const imageCache = new Map<string, ImageProvider>();
const upscalerCache = new Map<string, ConfiguredUpscaler>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** Shared text provider for a `providers.text` block (same normalised config → same instance). */
export function getTextProvider(textCfg: Loose, opts: ProviderOptions = {}): TextProvider {
  const cfg = normalizeTextConfig(textCfg);
  return cached(textCache, JSON.stringify(cfg), () => createTextProvider(cfg, opts));
}

/** Shared image provider for a `providers.image` block. */
export function getImageProvider(imageCfg: Loose, opts: ProviderOptions = {}): ImageProvider {
  const cfg = normalizeImageConfig(imageCfg);
  return cached(imageCache, JSON.stringify(cfg), () => createImageProvider(cfg, opts));
}

/**
 * The process-wide providers of a config (`cfg.providers.text`, `cfg.providers.image`, `cfg.upscale`).
 * Runs whose provider blocks are equal get the same instances; the rate limit and concurrency gate
 * is shared per endpoint and limits even between different instances.
 */
export function getProviders(
  cfg: { providers?: { text?: Loose; image?: Loose } | null; upscale?: Loose } | Record<string, unknown>,
  opts: ProviderOptions = {},
): ProviderSet {
  const c = cfg as { providers?: { text?: Loose; image?: Loose } | null; upscale?: Loose };
  const providers = c.providers ?? {};
  return {
    get text() {
      return getTextProvider(providers.text, opts);
    },
    get image() {
      return getImageProvider(providers.image, opts);
    },
    get upscaler() {
      const ucfg = normalizeUpscaleConfig(c.upscale);
      return cached(upscalerCache, JSON.stringify(ucfg), () => new ConfiguredUpscaler(ucfg, { env: opts.env }));
    },
  };
}

/** Forget cached providers (tests). */
export function clearProviderCache(): void {
  textCache.clear();
  imageCache.clear();
  upscalerCache.clear();
}

/**
 * Checks the API keys a config needs without creating providers (config.md §7.12: `experiments run`
 * checks once before its first run; the image side only when `includeImage`). Throws ConfigError.
 */
export function checkApiKeys(
  cfg: { providers?: { text?: Loose; image?: Loose } | null } | Record<string, unknown>,
  opts: { includeImage: boolean; env?: NodeJS.ProcessEnv },
): void {
  const providers = ((cfg as { providers?: { text?: Loose; image?: Loose } | null }).providers ?? {});
  const env = opts.env ?? process.env;
  const text = normalizeTextConfig(providers.text);
  if (text.provider === 'openai') resolveApiKey({ kind: 'text', ...text }, env);
  const image = normalizeImageConfig(providers.image);
  if (opts.includeImage && image.provider === 'openai') resolveApiKey({ kind: 'image', ...image }, env);
}
