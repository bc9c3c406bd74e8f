/**
 * OpenAI SDK client construction shared by the text and image providers: API key lookup
 * (config.md §7.12), no auth header for local OpenAI-compatible servers, SDK retries off (our
 * reliability wrapper retries), SDK error classification, and key redaction.
 */
import { createRequire } from 'node:module';
import type OpenAI from 'openai';
import { ConfigError } from '../errors.js';
import { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL, type ProviderKind } from './config.js';
import { classifyGeneric, parseRetryAfter, type FailureInfo } from './reliability.js';

/**
 * The SDK is loaded on first client construction (it is ~100 ms of module loading): runs on the offline providers,
 * `config`, `list-*` and the experiment planner never pay for it. Loaded synchronously so providers keep their
 * synchronous constructors (a missing key still throws at construction).
 */
let sdk: typeof OpenAI | null = null;
function openaiSdk(): typeof OpenAI {
  if (!sdk) {
    const mod = createRequire(import.meta.url)('openai') as typeof OpenAI & { default?: typeof OpenAI };
    sdk = mod.default ?? mod;
  }
  return sdk;
}

export interface ClientSettings {
  kind: ProviderKind;
  base_url: string | null;
  api_key_env: string | null;
  timeout_s: number;
}

export interface ResolvedClient {
  client: OpenAI;
  baseUrl: string;
  /** Replaces the key (and anything looking like one) in text that could be logged. */
  redact: (s: string) => string;
}

export function effectiveBaseUrl(baseUrl: string | null): string {
  const trimmed = (baseUrl ?? '').trim();
  return trimmed === '' ? DEFAULT_BASE_URL : trimmed.replace(/\/+$/, '');
}

export function isDefaultBaseUrl(baseUrl: string | null): boolean {
  return effectiveBaseUrl(baseUrl) === DEFAULT_BASE_URL;
}

/**
 * The API key from the variable named by `api_key_env` (default `OPENAI_API_KEY`). A custom
 * `base_url` without `api_key_env` (local servers) gets no key at all — an OpenAI key in the
 * environment is never sent to another server. Throws the one-line ConfigError when unset.
 */
export function resolveApiKey(settings: ClientSettings, env: NodeJS.ProcessEnv): string | null {
  const explicitName = settings.api_key_env?.trim() || null;
  if (explicitName === null && !isDefaultBaseUrl(settings.base_url)) return null;
  const name = explicitName ?? DEFAULT_API_KEY_ENV;
  const value = env[name]?.trim();
  if (value) return value;
  throw new ConfigError(
    `Missing API key: environment variable ${name} is not set (required by providers.${settings.kind}.provider=openai)`,
  );
}

export function makeRedactor(key: string | null): (s: string) => string {
  return (s: string) => {
    let out = key ? s.split(key).join('***') : s;
    out = out.replace(/\b(sk-[A-Za-z0-9_-]{2})[A-Za-z0-9_*-]{6,}/g, '$1***');
    return out.replace(/(Bearer\s+)\S+/gi, '$1***');
  };
}

export function createOpenAIClient(settings: ClientSettings, env: NodeJS.ProcessEnv = process.env): ResolvedClient {
  const key = resolveApiKey(settings, env);
  const baseUrl = effectiveBaseUrl(settings.base_url);
  const OpenAISdk = openaiSdk();
  const client = new OpenAISdk({
    apiKey: key ?? 'no-key',
    baseURL: baseUrl,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: Math.ceil(settings.timeout_s * 1000) + 1000,
    // Local servers: drop the Authorization header entirely.
    ...(key === null ? { defaultHeaders: { Authorization: null } } : {}),
    logLevel: 'off',
  });
  return { client, baseUrl, redact: makeRedactor(key) };
}

function cleanApiMessage(err: InstanceType<typeof OpenAI.APIError>): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message.trim()) return body.message.trim();
  return err.message.replace(/^\d{3}\s+/, '').trim() || 'request failed';
}

/** Retry classification of OpenAI SDK errors (config.md §7.12), then the generic rules. */
export function classifyOpenAIError(err: unknown): FailureInfo {
  // SDK errors exist only once a client was built (which loaded the SDK)
  if (sdk === null) return classifyGeneric(err);
  const OpenAI = sdk;
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return { retryable: true, status: 'timeout', message: 'request timed out' };
  }
  if (err instanceof OpenAI.APIConnectionError) {
    // The SDK wraps fetch's TypeError, which wraps the socket error (ECONNREFUSED, ECONNRESET, …).
    const chain: string[] = [];
    let cause: unknown = (err as { cause?: unknown }).cause;
    for (let depth = 0; cause instanceof Error && depth < 5; depth += 1) {
      chain.push(cause.message);
      cause = (cause as { cause?: unknown }).cause;
    }
    const message = chain.length > 0 ? chain.join(': ') : err.message;
    return { retryable: true, status: 'connection_error', message };
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const status = err.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const headers = err.headers;
    const ms = headers?.get('retry-after-ms');
    const retryAfterMs = ms && Number.isFinite(Number(ms)) ? Number(ms) : parseRetryAfter(headers?.get('retry-after'));
    return { retryable, status: String(status), message: cleanApiMessage(err), retryAfterMs: retryAfterMs ?? undefined };
  }
  return classifyGeneric(err);
}
