/**
 * Provider and upscale defaults (config.md §7.11–§7.13): the one table read by the config schema and
 * checks, and by `src/providers` (which also accepts partial objects and fills them from here).
 * A leaf module (no imports at run time), so providers can use it without loading the config loader.
 */
import type { ProviderName } from './types.js';

export type ProviderKind = 'text' | 'image';

/** What a null `base_url` means. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** The API key's env-var name when `api_key_env` is not given (and `base_url` is not a custom server). */
export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';

/** Defaults of `providers.<kind>` that do not depend on the provider (model and rate: see below). */
export const PROVIDER_DEFAULTS = {
  text: {
    provider: 'offline',
    timeout_s: 180,
    max_retries: 3,
    max_concurrency: 4,
    latency_ms: 0,
    error_rate: 0,
    api: 'auto',
    reasoning_effort: 'medium',
    temperature_mode: 'auto',
    format_retries: 2,
  },
  image: {
    provider: 'offline',
    timeout_s: 300,
    max_retries: 2,
    max_concurrency: 4,
    latency_ms: 0,
    error_rate: 0,
    size: '1536x1024',
    quality: 'high',
    moderation: 'low',
  },
} as const;

/** Default model of a provider: gpt-5.2 / gpt-image-1.5 for openai, offline-<kind>-v1 for offline. */
export function defaultProviderModel(provider: ProviderName, kind: ProviderKind): string {
  if (provider === 'openai') return kind === 'text' ? 'gpt-5.2' : 'gpt-image-1.5';
  return `offline-${kind}-v1`;
}

/** Default `requests_per_minute`: 120 for openai, 0 (no limit) for offline. */
export function defaultRequestsPerMinute(provider: ProviderName): number {
  return provider === 'openai' ? 120 : 0;
}

/** Defaults of `upscale` (the nullable keys default to null). */
export const UPSCALE_DEFAULTS = {
  enabled: false,
  engine: 'lanczos',
  target_long_edge_px: 3840,
  model_name: 'realesrgan-x4plus',
  tile_size: 0,
  tta: false,
  allow_fallback_resize: false,
} as const;
