/**
 * The `openai` image provider: gpt-image models through `<base_url>/images/generations`, with
 * size, quality and moderation; image bytes decoded from `data[0].b64_json`.
 */
import type OpenAI from 'openai';
import type { ImageProviderConfig } from './config.js';
import { gateFromConfig, type ProviderGate } from './gate.js';
import { classifyOpenAIError, createOpenAIClient } from './openai-client.js';
import type { ProviderOptions } from './options.js';
import { callWithRetries, policyFromConfig, TransientError } from './reliability.js';
import type { ImageProvider, ImageRequest, ImageResponse, Usage } from './types.js';

export class OpenAIImageProvider implements ImageProvider {
  readonly name = 'openai';
  readonly defaultModel: string;
  readonly gate: ProviderGate;
  private readonly client: OpenAI;
  private readonly redact: (s: string) => string;

  constructor(readonly config: ImageProviderConfig, private readonly opts: ProviderOptions = {}) {
    const resolved = createOpenAIClient({ kind: 'image', ...config }, opts.env ?? process.env);
    this.client = resolved.client;
    this.redact = resolved.redact;
    this.defaultModel = config.model;
    this.gate = gateFromConfig(config, { kind: 'image', provider: 'openai', endpoint: resolved.baseUrl });
  }

  async generate(request: ImageRequest): Promise<ImageResponse> {
    const model = request.model ?? this.defaultModel;
    const size = request.size || this.config.size;
    const quality = request.quality || this.config.quality;
    const moderation = request.moderation || this.config.moderation;
    request.log?.('DEBUG', `openai image request: model=${model} size=${size} quality=${quality} moderation=${moderation}`);
    const result = await callWithRetries(
      policyFromConfig(this.config, { provider: 'openai', kind: 'image', gate: this.gate, log: request.log, redact: this.redact }),
      async (signal) => {
        const body = { model, prompt: request.prompt, size, quality, moderation, n: 1 };
        const resp = (await this.client.images.generate(
          body as unknown as OpenAI.Images.ImageGenerateParamsNonStreaming,
          { signal },
        )) as OpenAI.Images.ImagesResponse;
        const b64 = resp && Array.isArray(resp.data) ? resp.data[0]?.b64_json : undefined;
        if (typeof b64 !== 'string' || b64.length === 0) {
          throw new TransientError('invalid_response', 'response has no data[0].b64_json');
        }
        const bytes = Buffer.from(b64, 'base64');
        if (bytes.length === 0) throw new TransientError('invalid_response', 'data[0].b64_json decoded to no bytes');
        const u = (resp as { usage?: { input_tokens?: number; output_tokens?: number; total_tokens?: number } }).usage;
        const usage: Usage = {
          input_tokens: u?.input_tokens ?? null,
          output_tokens: u?.output_tokens ?? null,
          total_tokens: u?.total_tokens ?? null,
        };
        return { bytes, usage };
      },
      classifyOpenAIError,
      this.opts,
    );
    return {
      bytes: result.value.bytes,
      seed: null,
      size,
      provider: 'openai',
      model,
      latency_ms: result.latencyMs,
      attempts: result.attempts,
      usage: result.value.usage,
    };
  }
}
