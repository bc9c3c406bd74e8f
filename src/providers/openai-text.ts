/**
 * The `openai` text provider: the Responses API or Chat Completions (config.md §7.12 `api`), JSON
 * schemas as strict structured outputs, `reasoning_effort`, `temperature_mode`; SDK retries off and
 * the shared reliability wrapper on.
 */
import type OpenAI from 'openai';
import type { TextProviderConfig } from './config.js';
import { gateFromConfig, type ProviderGate } from './gate.js';
import { classifyOpenAIError, createOpenAIClient, isDefaultBaseUrl } from './openai-client.js';
import type { ProviderOptions } from './options.js';
import { callWithRetries, PermanentError, policyFromConfig, TransientError } from './reliability.js';
import type { TextProvider, TextRequest, TextResponse, Usage } from './types.js';

export type ResolvedApi = 'responses' | 'chat_completions';

/** `auto` = `responses` with the default base_url, else `chat_completions`. */
export function resolveApi(cfg: Pick<TextProviderConfig, 'api' | 'base_url'>): ResolvedApi {
  if (cfg.api === 'responses' || cfg.api === 'chat_completions') return cfg.api;
  return isDefaultBaseUrl(cfg.base_url) ? 'responses' : 'chat_completions';
}

/** Whether a step's temperature is sent (config.md §7.12 `temperature_mode`). */
export function sendsTemperature(mode: TextProviderConfig['temperature_mode'], effort: string | null): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return effort === null || effort === 'none';
}

function schemaName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return cleaned || 'response';
}

interface Attempt {
  text: string;
  usage: Usage;
}

const NO_USAGE: Usage = { input_tokens: null, output_tokens: null, total_tokens: null };

export class OpenAITextProvider implements TextProvider {
  readonly name = 'openai';
  readonly defaultModel: string;
  readonly api: ResolvedApi;
  readonly gate: ProviderGate;
  private readonly client: OpenAI;
  private readonly redact: (s: string) => string;

  constructor(readonly config: TextProviderConfig, private readonly opts: ProviderOptions = {}) {
    const resolved = createOpenAIClient({ kind: 'text', ...config }, opts.env ?? process.env);
    this.client = resolved.client;
    this.redact = resolved.redact;
    this.defaultModel = config.model;
    this.api = resolveApi(config);
    this.gate = gateFromConfig(config, { kind: 'text', provider: 'openai', endpoint: resolved.baseUrl });
  }

  async complete(request: TextRequest): Promise<TextResponse> {
    const model = request.model ?? this.defaultModel;
    const params = request.params ?? {};
    const effort = 'reasoning_effort' in params
      ? (params.reasoning_effort === null ? null : String(params.reasoning_effort))
      : this.config.reasoning_effort;
    const withTemperature = sendsTemperature(this.config.temperature_mode, effort);
    const format = request.responseFormat;
    const formatDesc = format ? `${format.type}:${format.name}` : 'text';
    request.log?.(
      'DEBUG',
      `openai text request: api=${this.api} model=${model} temperature=${withTemperature ? request.temperature : 'omitted'} ` +
        `reasoning_effort=${effort ?? 'omitted'} response_format=${formatDesc}`,
    );
    const result = await callWithRetries(
      policyFromConfig(this.config, {
        provider: 'openai',
        kind: 'text',
        gate: this.gate,
        log: request.log,
        signal: request.signal,
        redact: this.redact,
      }),
      (signal) =>
        this.api === 'responses'
          ? this.viaResponses(request, model, effort, withTemperature, signal)
          : this.viaChat(request, model, effort, withTemperature, signal),
      classifyOpenAIError,
      this.opts,
    );
    return {
      text: result.value.text,
      provider: 'openai',
      model,
      latency_ms: result.latencyMs,
      attempts: result.attempts,
      usage: result.value.usage,
    };
  }

  private async viaResponses(
    request: TextRequest, model: string, effort: string | null, withTemperature: boolean, signal: AbortSignal,
  ): Promise<Attempt> {
    const format = request.responseFormat;
    const body: Record<string, unknown> = {
      model,
      input: request.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (withTemperature) body.temperature = request.temperature;
    if (effort !== null) body.reasoning = { effort };
    if (format?.type === 'json_schema') {
      body.text = { format: { type: 'json_schema', name: schemaName(format.name), schema: format.schema, strict: true } };
    }
    const resp = (await this.client.responses.create(
      body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
      { signal },
    )) as OpenAI.Responses.Response;
    if (!resp || typeof resp !== 'object' || !Array.isArray(resp.output)) {
      throw new TransientError('invalid_response', 'response body has no output list');
    }
    if (resp.status === 'failed') {
      throw new TransientError('failed', resp.error?.message ?? 'the response failed on the server');
    }
    const refusal = resp.output
      .flatMap((item) => (item.type === 'message' ? item.content : []))
      .find((c) => c.type === 'refusal');
    if (refusal && refusal.type === 'refusal') throw new PermanentError('refusal', refusal.refusal);
    const text = resp.output_text ?? '';
    const u = resp.usage;
    return {
      text,
      usage: u ? { input_tokens: u.input_tokens ?? null, output_tokens: u.output_tokens ?? null, total_tokens: u.total_tokens ?? null } : NO_USAGE,
    };
  }

  private async viaChat(
    request: TextRequest, model: string, effort: string | null, withTemperature: boolean, signal: AbortSignal,
  ): Promise<Attempt> {
    const format = request.responseFormat;
    const body: Record<string, unknown> = {
      model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (withTemperature) body.temperature = request.temperature;
    if (effort !== null) body.reasoning_effort = effort;
    if (format?.type === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: schemaName(format.name), schema: format.schema, strict: true },
      };
    }
    const resp = (await this.client.chat.completions.create(
      body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
      { signal },
    )) as OpenAI.Chat.ChatCompletion;
    const message = resp && Array.isArray(resp.choices) ? resp.choices[0]?.message : undefined;
    if (!message) throw new TransientError('invalid_response', 'response body has no choices[0].message');
    if (message.refusal) throw new PermanentError('refusal', message.refusal);
    const u = resp.usage;
    return {
      text: message.content ?? '',
      usage: u ? { input_tokens: u.prompt_tokens ?? null, output_tokens: u.completion_tokens ?? null, total_tokens: u.total_tokens ?? null } : NO_USAGE,
    };
  }
}
