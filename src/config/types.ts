/**
 * The validated config (config.md §7): snake_case keys exactly as in YAML, defaults filled in, paths absolute.
 * `null` marks an optional value that is not set.
 */
export type RunMode = 'full' | 'prompt_only';
export type ProviderName = 'offline' | 'openai';

export interface RunSection {
  mode: RunMode;
}

export interface ImageSection {
  log_path: string;
  /** Required in `full` mode; null in `prompt_only` when not given. */
  generation_path: string | null;
  upscale_path: string | null;
  caption_font_path: string | null;
}

export interface RunReviewSection {
  enabled: boolean;
  review_path: string | null;
}

export type StageSequenceItem = string | { stage: string; name: string };

export interface StageOverride {
  temperature?: number;
  params?: Record<string, unknown>;
}

export interface PromptSection {
  categories_path: string;
  profile_path: string;
  generations_path: string;
  /** Defaults to `<image.generation_path>/titles_manifest.csv` in `full` mode; null in `prompt_only` when not given. */
  titles_manifest_path: string | null;
  random_seed: number | null;
  plan: string;
  refine_only: { draft: string | null; draft_path: string | null };
  stages: {
    include: string[];
    exclude: string[];
    sequence: StageSequenceItem[];
    overrides: Record<string, StageOverride>;
  };
  output: { capture_stage: string | null };
  /** Stage knobs, opaque here (validated by each stage at compile time). Keys are literal (dots never split). */
  stage_configs: {
    defaults: Record<string, Record<string, unknown>>;
    instances: Record<string, Record<string, unknown>>;
  };
  audience: { name: string; description: string | null };
}

export type Hemisphere = 'northern' | 'southern';

export interface ContextSection {
  enabled: boolean;
  injectors: string[];
  injection_location: 'system' | 'prompt' | 'both';
  /** `YYYY-MM-DD` or null (today, local). */
  date: string | null;
  season: { hemisphere: Hemisphere };
  holiday: { lookahead_days: number; base_probability: number; max_probability: number };
  calendar: { enabled: boolean };
}

export interface UpscaleSection {
  enabled: boolean;
  engine: 'lanczos' | 'realesrgan-ncnn-vulkan';
  target_long_edge_px: number;
  target_width_px: number | null;
  target_height_px: number | null;
  /** Width / height as a positive number (`"16:9"` → 1.777…), or null. */
  target_aspect_ratio: number | null;
  realesrgan_binary: string | null;
  model_name: string;
  model_path: string | null;
  tile_size: number;
  tta: boolean;
  allow_fallback_resize: boolean;
}

export interface RcloneSection {
  enabled: boolean;
  remote: string | null;
  album: string | null;
}

export interface ExperimentSection {
  id: string | null;
  variant: string | null;
  notes: string | null;
  tags: string[];
}

export interface ProviderCommon {
  provider: ProviderName;
  model: string;
  /** null → `https://api.openai.com/v1`. */
  base_url: string | null;
  /**
   * Env-var name holding the API key. null only when `base_url` is custom and no `api_key_env` was given:
   * a local server, no auth header is sent and no key is required.
   */
  api_key_env: string | null;
  timeout_s: number;
  max_retries: number;
  requests_per_minute: number;
  max_concurrency: number;
  latency_ms: number;
  error_rate: number;
}

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface TextProviderConfig extends ProviderCommon {
  api: 'auto' | 'responses' | 'chat_completions';
  /** null omits it from requests. */
  reasoning_effort: ReasoningEffort | null;
  temperature_mode: 'auto' | 'always' | 'never';
  format_retries: number;
}

export interface ImageProviderConfig extends ProviderCommon {
  /** `<W>x<H>`. */
  size: string;
  quality: 'low' | 'medium' | 'high' | 'auto';
  moderation: 'low' | 'auto';
}

export interface AppConfig {
  strict: boolean;
  run: RunSection;
  image: ImageSection;
  run_review: RunReviewSection;
  prompt: PromptSection;
  context: ContextSection;
  upscale: UpscaleSection;
  rclone: RcloneSection;
  experiment: ExperimentSection;
  /** Per-experiment runner settings, handed to the plugins as given (paths unresolved). */
  experiment_runners: Record<string, Record<string, unknown>>;
  providers: { text: TextProviderConfig; image: ImageProviderConfig };
}
