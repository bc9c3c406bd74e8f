/**
 * The offline image provider (config.md §7.12): a deterministic procedural PNG of `size` from
 * SHA-256 of the prompt, `seed` = the first 12 hex digits of that hash. Same `latency_ms` /
 * `error_rate` knobs and retry policy as the text provider.
 */
import { ProviderError } from '../errors.js';
import { parseSize, type ImageProviderConfig } from './config.js';
import { gateFromConfig, type ProviderGate } from './gate.js';
import { simulatedAttempt } from './offline-text.js';
import { renderOfflineImage } from './offline-render.js';
import { sha256Hex } from './offline-words.js';
import type { ProviderOptions } from './options.js';
import { callWithRetries, classifyGeneric, policyFromConfig } from './reliability.js';
import type { ImageProvider, ImageRequest, ImageResponse } from './types.js';

export class OfflineImageProvider implements ImageProvider {
  readonly name = 'offline';
  readonly defaultModel: string;
  readonly gate: ProviderGate;

  constructor(readonly config: ImageProviderConfig, private readonly opts: ProviderOptions = {}) {
    this.defaultModel = config.model;
    this.gate = gateFromConfig(config, { kind: 'image', provider: 'offline', endpoint: null });
  }

  async generate(request: ImageRequest): Promise<ImageResponse> {
    const sizeText = request.size || this.config.size;
    const size = parseSize(sizeText);
    if (!size) {
      throw new ProviderError(`offline image request failed after 0 attempts: invalid size '${sizeText}' (expected <W>x<H>, e.g. 1536x1024)`);
    }
    const model = request.model ?? this.defaultModel;
    const digest = sha256Hex(JSON.stringify([model, request.prompt, sizeText]));
    const result = await callWithRetries(
      policyFromConfig(this.config, { provider: 'offline', kind: 'image', gate: this.gate, log: request.log }),
      (signal, attemptNo) =>
        simulatedAttempt(this.config, digest, signal, attemptNo, () => renderOfflineImage(request.prompt, size.width, size.height)),
      classifyGeneric,
      this.opts,
    );
    return {
      bytes: result.value.png,
      pixels: result.value.pixels,
      seed: result.value.seed,
      size: `${size.width}x${size.height}`,
      provider: 'offline',
      model,
      latency_ms: result.latencyMs,
      attempts: result.attempts,
      usage: { input_tokens: null, output_tokens: null, total_tokens: null },
    };
  }
}
