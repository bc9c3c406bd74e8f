/**
 * The offline text provider (config.md §7.12): no network, a pure function of (model, messages,
 * temperature, response format). `latency_ms` and `error_rate` simulate a real service; simulated
 * failures are transient and go through the same retry policy as real providers.
 */
import { randomBytes } from 'node:crypto';
import type { TextProviderConfig } from './config.js';
import { gateFromConfig, type ProviderGate } from './gate.js';
import { composeFields, composeParagraph, composeTitle } from './offline-compose.js';
import { synthesizeJson } from './offline-json.js';
import { codePoints, conversationPool, hashUnit, sha256Hex } from './offline-words.js';
import type { ProviderOptions } from './options.js';
import { callWithRetries, classifyGeneric, defaultSleep, policyFromConfig, TransientError } from './reliability.js';
import type { ChatMessage, ResponseFormat, TextProvider, TextRequest, TextResponse } from './types.js';

/** Per-process salt: a rerun of the same request draws its simulated failures afresh. */
export const PROCESS_SALT = randomBytes(16).toString('hex');

/**
 * One offline attempt (text or image): the simulated `latency_ms`, then a transient failure drawn from
 * `error_rate` (per request digest, attempt and process), else `produce()`.
 */
export async function simulatedAttempt<T>(
  config: { latency_ms: number; error_rate: number },
  digest: string,
  signal: AbortSignal,
  attemptNo: number,
  produce: () => T | Promise<T>,
): Promise<T> {
  const { latency_ms: latency, error_rate: errorRate } = config;
  if (latency > 0) await defaultSleep(latency, signal);
  if (errorRate > 0 && hashUnit(`${digest}|${attemptNo}|${PROCESS_SALT}`) < errorRate) {
    throw new TransientError('503', `simulated transient error (offline error_rate=${errorRate})`);
  }
  return produce();
}

export function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]?.role === 'user') return messages[i]?.content ?? '';
  }
  return messages[messages.length - 1]?.content ?? '';
}

/** Digest identifying a request (functions such as `validate`/`check` are not part of it). */
export function requestDigest(model: string, req: Pick<TextRequest, 'messages' | 'temperature' | 'responseFormat'>): string {
  return sha256Hex(JSON.stringify([model, req.messages.map((m) => [m.role, m.content]), req.temperature, req.responseFormat ?? null]));
}

/** The offline answer text for a request (pure). */
export function offlineAnswer(model: string, req: Pick<TextRequest, 'messages' | 'temperature' | 'responseFormat'>): string {
  const digest = requestDigest(model, req);
  const userText = lastUserText(req.messages);
  const format: ResponseFormat | undefined = req.responseFormat;
  if (format?.type === 'json_schema') {
    return JSON.stringify(synthesizeJson(format.schema, conversationPool(req.messages, 4, digest), digest));
  }
  if (format?.type === 'line_template') {
    if (format.template.kind === 'title') return composeTitle(userText, digest);
    return composeFields(format.template, req.messages, digest);
  }
  return composeParagraph(req.messages, userText, digest);
}

export class OfflineTextProvider implements TextProvider {
  readonly name = 'offline';
  readonly defaultModel: string;
  readonly gate: ProviderGate;

  constructor(readonly config: TextProviderConfig, private readonly opts: ProviderOptions = {}) {
    this.defaultModel = config.model;
    this.gate = gateFromConfig(config, { kind: 'text', provider: 'offline', endpoint: null });
  }

  async complete(request: TextRequest): Promise<TextResponse> {
    const model = request.model ?? this.defaultModel;
    const digest = requestDigest(model, request);
    const result = await callWithRetries(
      policyFromConfig(this.config, { provider: 'offline', kind: 'text', gate: this.gate, log: request.log, signal: request.signal }),
      (signal, attemptNo) => simulatedAttempt(this.config, digest, signal, attemptNo, () => offlineAnswer(model, request)),
      classifyGeneric,
      this.opts,
    );
    const text = result.value;
    const input = Math.ceil(request.messages.reduce((n, m) => n + codePoints(m.content), 0) / 4);
    const output = Math.ceil(codePoints(text) / 4);
    return {
      text,
      provider: 'offline',
      model,
      latency_ms: result.latencyMs,
      attempts: result.attempts,
      usage: { input_tokens: input, output_tokens: output, total_tokens: input + output },
    };
  }
}
