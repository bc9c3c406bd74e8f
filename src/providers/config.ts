/**
 * Provider config trees (config.md §7.11, §7.12) with snake_case keys, and the defaults this module
 * fills itself so it works with partial objects (the config loader fills them too).
 */

export type ProviderName = 'offline' | 'openai';
export type ProviderKind = 'text' | 'image';
export type ApiMode = 'auto' | 'responses' | 'chat_completions';
export type TemperatureMode = 'auto' | 'always' | 'never';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';

interface CommonProviderConfig {
  provider: ProviderName;
  model: string;
  base_url: string | null;
  api_key_env: string | null;
  timeout_s: number;
  max_retries: number;
  requests_per_minute: number;
  max_concurrency: number;
  latency_ms: number;
  error_rate: number;
}

export interface TextProviderConfig extends CommonProviderConfig {
  api: ApiMode;
  reasoning_effort: string | null;
  temperature_mode: TemperatureMode;
  format_retries: number;
}

export interface ImageProviderConfig extends CommonProviderConfig {
  size: string;
  quality: string;
  moderation: string;
}

export interface UpscaleConfig {
  enabled: boolean;
  engine: 'lanczos' | 'realesrgan-ncnn-vulkan';
  target_long_edge_px: number;
  target_width_px: number | null;
  target_height_px: number | null;
  target_aspect_ratio: string | number | number[] | null;
  realesrgan_binary: string | null;
  model_name: string;
  model_path: string | null;
  tile_size: number;
  tta: boolean;
  allow_fallback_resize: boolean;
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

function providerName(obj: Loose): ProviderName {
  const p = String(pick(obj, 'provider', 'offline')).trim().toLowerCase();
  return p === 'openai' ? 'openai' : 'offline';
}

function common(obj: Loose, kind: ProviderKind): CommonProviderConfig {
  const provider = providerName(obj);
  const openai = provider === 'openai';
  const defaultModel = openai
    ? (kind === 'text' ? 'gpt-5.2' : 'gpt-image-1.5')
    : (kind === 'text' ? 'offline-text-v1' : 'offline-image-v1');
  return {
    provider,
    model: String(pick(obj, 'model', defaultModel)).trim() || defaultModel,
    base_url: pickNullable<string>(obj, 'base_url', null),
    // `undefined` (absent) and `null` both mean "not given"; the default name applies at key lookup.
    api_key_env: pickNullable<string>(obj, 'api_key_env', null),
    timeout_s: Number(pick(obj, 'timeout_s', kind === 'text' ? 180 : 300)),
    max_retries: Number(pick(obj, 'max_retries', kind === 'text' ? 3 : 2)),
    requests_per_minute: Number(pick(obj, 'requests_per_minute', openai ? 120 : 0)),
    max_concurrency: Math.max(1, Number(pick(obj, 'max_concurrency', 4))),
    latency_ms: Number(pick(obj, 'latency_ms', 0)),
    error_rate: Number(pick(obj, 'error_rate', 0)),
  };
}

export function normalizeTextConfig(obj: Loose | Partial<TextProviderConfig>): TextProviderConfig {
  const o = obj as Loose;
  const reasoning = pickNullable<string>(o, 'reasoning_effort', 'medium');
  const api = String(pick(o, 'api', 'auto')).trim().toLowerCase();
  const tm = String(pick(o, 'temperature_mode', 'auto')).trim().toLowerCase();
  return {
    ...common(o, 'text'),
    api: api === 'responses' || api === 'chat_completions' ? api : 'auto',
    reasoning_effort: reasoning === null ? null : String(reasoning).trim().toLowerCase(),
    temperature_mode: tm === 'always' || tm === 'never' ? tm : 'auto',
    format_retries: Number(pick(o, 'format_retries', 2)),
  };
}

export function normalizeImageConfig(obj: Loose | Partial<ImageProviderConfig>): ImageProviderConfig {
  const o = obj as Loose;
  return {
    ...common(o, 'image'),
    size: String(pick(o, 'size', '1536x1024')).trim(),
    quality: String(pick(o, 'quality', 'high')).trim(),
    moderation: String(pick(o, 'moderation', 'low')).trim(),
  };
}

export function normalizeUpscaleConfig(obj: Loose | Partial<UpscaleConfig>): UpscaleConfig {
  const o = obj as Loose;
  const engine = String(pick(o, 'engine', 'lanczos')).trim().toLowerCase();
  return {
    enabled: pickBool(o, 'enabled', false),
    engine: engine === 'realesrgan-ncnn-vulkan' ? 'realesrgan-ncnn-vulkan' : 'lanczos',
    target_long_edge_px: Number(pick(o, 'target_long_edge_px', 3840)),
    target_width_px: pickNullable<number>(o, 'target_width_px', null),
    target_height_px: pickNullable<number>(o, 'target_height_px', null),
    target_aspect_ratio: pickNullable<string | number | number[]>(o, 'target_aspect_ratio', null),
    realesrgan_binary: pickNullable<string>(o, 'realesrgan_binary', null),
    model_name: String(pick(o, 'model_name', 'realesrgan-x4plus')),
    model_path: pickNullable<string>(o, 'model_path', null),
    tile_size: Number(pick(o, 'tile_size', 0)),
    tta: pickBool(o, 'tta', false),
    allow_fallback_resize: pickBool(o, 'allow_fallback_resize', false),
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
