/**
 * Provider config trees (config.md §7.11, §7.12) with snake_case keys. This module accepts partial
 * objects and fills them from the shared defaults table (`src/config/providerDefaults.ts`, also read by
 * the config loader), so both agree.
 */
import {
  defaultProviderModel,
  defaultRequestsPerMinute,
  PROVIDER_DEFAULTS,
  UPSCALE_DEFAULTS,
  type ProviderKind,
} from '../config/providerDefaults.js';
import type {
  ImageProviderConfig as ImageProviderSection,
  ProviderCommon,
  ProviderName,
  TextProviderConfig as TextProviderSection,
  UpscaleSection,
} from '../config/types.js';

export { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL, type ProviderKind } from '../config/providerDefaults.js';
export type { ProviderName } from '../config/types.js';
export type ApiMode = TextProviderSection['api'];
export type TemperatureMode = TextProviderSection['temperature_mode'];

/** `providers.text` of AppConfig; `reasoning_effort` may be any string here (passed through to the API). */
export interface TextProviderConfig extends Omit<TextProviderSection, 'reasoning_effort'> {
  reasoning_effort: string | null;
}

/** `providers.image` of AppConfig; `quality` and `moderation` may be any string here. */
export interface ImageProviderConfig extends Omit<ImageProviderSection, 'quality' | 'moderation'> {
  quality: string;
  moderation: string;
}

/** `upscale` of AppConfig; `target_aspect_ratio` may also be given unparsed (`"16:9"`, `[16, 9]`). */
export interface UpscaleConfig extends Omit<UpscaleSection, 'target_aspect_ratio'> {
  target_aspect_ratio: string | number | number[] | null;
}

type Loose = Record<string, unknown> | null | undefined;

function pick<T>(obj: Loose, key: string, fallback: T): T {
  const v = obj ? obj[key] : undefined;
  return v === undefined || v === null ? fallback : (v as T);
}

function pickNullable<T>(obj: Loose, key: string, fallback: T | null): T | null {
  if (!obj || !(key in obj)) return fallback;
  const v = obj[key];
  return v === undefined ? fallback : (v as T | null);
}

function pickBool(obj: Loose, key: string, fallback: boolean): boolean {
  const v = pick<unknown>(obj, key, fallback);
  if (typeof v === 'string') return ['true', 'yes', '1'].includes(v.trim().toLowerCase());
  return Boolean(v);
}

function providerName(obj: Loose, kind: ProviderKind): ProviderName {
  const p = String(pick(obj, 'provider', PROVIDER_DEFAULTS[kind].provider)).trim().toLowerCase();
  return p === 'openai' ? 'openai' : 'offline';
}

function common(obj: Loose, kind: ProviderKind): ProviderCommon {
  const provider = providerName(obj, kind);
  const d = PROVIDER_DEFAULTS[kind];
  const defaultModel = defaultProviderModel(provider, kind);
  return {
    provider,
    model: String(pick(obj, 'model', defaultModel)).trim() || defaultModel,
    base_url: pickNullable<string>(obj, 'base_url', null),
    // `undefined` (absent) and `null` both mean "not given"; the default name applies at key lookup.
    api_key_env: pickNullable<string>(obj, 'api_key_env', null),
    timeout_s: Number(pick(obj, 'timeout_s', d.timeout_s)),
    max_retries: Number(pick(obj, 'max_retries', d.max_retries)),
    requests_per_minute: Number(pick(obj, 'requests_per_minute', defaultRequestsPerMinute(provider))),
    max_concurrency: Math.max(1, Number(pick(obj, 'max_concurrency', d.max_concurrency))),
    latency_ms: Number(pick(obj, 'latency_ms', d.latency_ms)),
    error_rate: Number(pick(obj, 'error_rate', d.error_rate)),
  };
}

export function normalizeTextConfig(obj: Loose | Partial<TextProviderConfig>): TextProviderConfig {
  const o = obj as Loose;
  const d = PROVIDER_DEFAULTS.text;
  const reasoning = pickNullable<string>(o, 'reasoning_effort', d.reasoning_effort);
  const api = String(pick(o, 'api', d.api)).trim().toLowerCase();
  const tm = String(pick(o, 'temperature_mode', d.temperature_mode)).trim().toLowerCase();
  return {
    ...common(o, 'text'),
    api: api === 'responses' || api === 'chat_completions' ? api : 'auto',
    reasoning_effort: reasoning === null ? null : String(reasoning).trim().toLowerCase(),
    temperature_mode: tm === 'always' || tm === 'never' ? tm : 'auto',
    format_retries: Number(pick(o, 'format_retries', d.format_retries)),
  };
}

export function normalizeImageConfig(obj: Loose | Partial<ImageProviderConfig>): ImageProviderConfig {
  const o = obj as Loose;
  const d = PROVIDER_DEFAULTS.image;
  return {
    ...common(o, 'image'),
    size: String(pick(o, 'size', d.size)).trim(),
    quality: String(pick(o, 'quality', d.quality)).trim(),
    moderation: String(pick(o, 'moderation', d.moderation)).trim(),
  };
}

export function normalizeUpscaleConfig(obj: Loose | Partial<UpscaleConfig>): UpscaleConfig {
  const o = obj as Loose;
  const d = UPSCALE_DEFAULTS;
  const engine = String(pick(o, 'engine', d.engine)).trim().toLowerCase();
  return {
    enabled: pickBool(o, 'enabled', d.enabled),
    engine: engine === 'realesrgan-ncnn-vulkan' ? 'realesrgan-ncnn-vulkan' : 'lanczos',
    target_long_edge_px: Number(pick(o, 'target_long_edge_px', d.target_long_edge_px)),
    target_width_px: pickNullable<number>(o, 'target_width_px', null),
    target_height_px: pickNullable<number>(o, 'target_height_px', null),
    target_aspect_ratio: pickNullable<string | number | number[]>(o, 'target_aspect_ratio', null),
    realesrgan_binary: pickNullable<string>(o, 'realesrgan_binary', null),
    model_name: String(pick(o, 'model_name', d.model_name)),
    model_path: pickNullable<string>(o, 'model_path', null),
    tile_size: Number(pick(o, 'tile_size', d.tile_size)),
    tta: pickBool(o, 'tta', d.tta),
    allow_fallback_resize: pickBool(o, 'allow_fallback_resize', d.allow_fallback_resize),
  };
}

/** `<W>x<H>` → numbers; null when malformed. */
export function parseSize(size: string): { width: number; height: number } | null {
  const m = /^\s*(\d+)\s*[xX×]\s*(\d+)\s*$/.exec(size);
  if (!m) return null;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width < 1 || height < 1) return null;
  return { width, height };
}
