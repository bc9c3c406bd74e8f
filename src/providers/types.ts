/**
 * Provider contracts (issue 4 implements them; the pipeline and generation call them).
 * Providers are created per process from the `providers` config block and shared by every
 * concurrent run, so rate limits and `max_concurrency` hold across runs.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A JSON-schema response format (pipeline.md §2.5). */
export interface JsonSchemaFormat {
  type: 'json_schema';
  name: string;
  /** Root object schema with additionalProperties:false and every property required. */
  schema: Record<string, unknown>;
}

/**
 * A strict one-line template (pipeline.md §2.5, §8.3 `ab.final_prompt_format`, the title format).
 * `template` tells the offline provider what to synthesise:
 *  - kind 'title': a 2–4 word Title Case title.
 *  - kind 'fields': `KEY=value | KEY=value ...` with `fields` in order; `fixed` values copied verbatim.
 */
export interface LineTemplateFormat {
  type: 'line_template';
  name: string;
  template:
    | { kind: 'title' }
    | { kind: 'fields'; fields: string[]; fixed?: Record<string, string>; separator?: string };
}

export type ResponseFormat = JsonSchemaFormat | LineTemplateFormat;

export interface TextRequest {
  messages: ChatMessage[];
  temperature: number;
  /** Per-call model; the provider's configured default when absent. */
  model?: string;
  responseFormat?: ResponseFormat;
  /** Extra step params (e.g. reasoning effort overrides); providers ignore what they do not know. */
  params?: Record<string, unknown>;
  /** Where WARNING retry lines go (the calling run's oplog). */
  log?: (level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', message: string) => void;
  signal?: AbortSignal;
}

export interface Usage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
}

/** Accounting of one logical call (generation.md §13). */
export interface CallAccounting {
  provider: string;
  model: string;
  latency_ms: number;
  attempts: number;
  usage: Usage;
}

export interface TextResponse extends CallAccounting {
  text: string;
}

export interface TextProvider {
  readonly name: string; // 'offline' | 'openai'
  readonly defaultModel: string;
  complete(request: TextRequest): Promise<TextResponse>;
}

export interface ImageRequest {
  prompt: string;
  /** `<W>x<H>` */
  size: string;
  quality: string;
  moderation: string;
  model?: string;
  log?: TextRequest['log'];
}

/** Raw 8-bit sRGB RGB pixels, row-major, no padding (`data.length === width * height * 3`). */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
}

export interface ImageResponse extends CallAccounting {
  /** Encoded image bytes (PNG/JPEG/WebP). */
  bytes: Buffer;
  /**
   * Optional: the decoded RGB pixels of `bytes`, when the provider has them anyway (the offline provider
   * renders them before encoding). Lets the caller skip decoding the bytes it was just given; the pixels
   * are exactly what decoding `bytes` yields, and the caller may take ownership of the buffer.
   */
  pixels?: RawPixels;
  /** Provider-reported or derived seed, when any (offline: first 12 hex digits of SHA-256(prompt)). */
  seed: number | null;
  size: string;
}

export interface ImageProvider {
  readonly name: string;
  readonly defaultModel: string;
  generate(request: ImageRequest): Promise<ImageResponse>;
}

export interface UpscaleRequest {
  bytes: Buffer;
  targetWidth: number;
  targetHeight: number;
  log?: TextRequest['log'];
}

export interface Upscaler {
  readonly name: string; // 'lanczos' | 'realesrgan-ncnn-vulkan'
  upscale(request: UpscaleRequest): Promise<Buffer>;
}
