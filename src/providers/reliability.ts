/**
 * Reliability shared by every provider (config.md §7.12): per-attempt timeout, retries with
 * exponential backoff and jitter honouring Retry-After, WARNING retry lines, the final
 * ProviderError message, and the per-process gate (rate limit + max_concurrency).
 */
import { ProviderError } from '../errors.js';
import type { ProviderGate } from './gate.js';
import type { TextRequest } from './types.js';

export type LogFn = NonNullable<TextRequest['log']>;

/** Knobs tests and benchmarks inject; production uses the defaults. */
export interface ReliabilityOptions {
  /** Sleep used for backoff (and offline simulated latency). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Multiplies every backoff sleep (not the logged nominal delay). Default: env
   * `IMAGE_PROJECT_BACKOFF_SCALE` when set to a number ≥ 0, else 1.
   */
  backoffScale?: number;
  /** Jitter source in [0,1). */
  random?: () => number;
}

/** A retry policy whose retries and timeout come from a provider config (`max_retries`, `timeout_s`). */
export function policyFromConfig(
  config: { max_retries: number; timeout_s: number },
  policy: Omit<RetryPolicy, 'maxRetries' | 'timeoutMs'>,
): RetryPolicy {
  return { ...policy, maxRetries: config.max_retries, timeoutMs: config.timeout_s * 1000 };
}

export interface RetryPolicy {
  provider: string;
  kind: 'text' | 'image';
  maxRetries: number;
  timeoutMs: number;
  gate: ProviderGate;
  log?: LogFn;
  signal?: AbortSignal;
  /** Removes secrets from any message that could be logged. */
  redact?: (s: string) => string;
}

/** What the retry loop needs to know about a failed attempt. */
export interface FailureInfo {
  retryable: boolean;
  status: string;
  message: string;
  retryAfterMs?: number;
}

/** A retryable failure raised by our own code (timeouts, simulated errors, bad bodies). */
export class TransientError extends Error {
  constructor(readonly status: string, message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'TransientError';
  }
}

/** A failure that must not be retried (e.g. a 4xx). */
export class PermanentError extends Error {
  constructor(readonly status: string, message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function envBackoffScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.IMAGE_PROJECT_BACKOFF_SCALE;
  if (raw === undefined || raw.trim() === '') return 1;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 1;
}

/** Backoff of config.md §7.12: `min(60, 2^attempt)` s × a random factor in [0.5, 1]. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60, 2 ** attempt) * 1000;
  return base * (0.5 + 0.5 * random());
}

/** `Retry-After` as seconds or an HTTP date → milliseconds (null when absent/unparseable). */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const secs = Number(value.trim());
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  return null;
}

export function formatSeconds(ms: number): string {
  const s = Math.round((ms / 1000) * 100) / 100;
  return String(s);
}

class AttemptTimeout extends Error {}

/** Runs `fn` with an AbortSignal that fires after `timeoutMs`; rejects with a timeout failure. */
async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  outer?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new AttemptTimeout(`request timed out after ${formatSeconds(timeoutMs)} s`);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

/**
 * Classifies any thrown value. Provider-specific classifiers (the OpenAI SDK errors) run first;
 * this handles our own error types and generic network failures.
 */
export function classifyGeneric(err: unknown): FailureInfo {
  if (err instanceof AttemptTimeout) return { retryable: true, status: 'timeout', message: err.message };
  if (err instanceof TransientError) {
    return { retryable: true, status: err.status, message: err.message, retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof PermanentError) return { retryable: false, status: err.status, message: err.message };
  if (err instanceof ProviderError) {
    return { retryable: err.retryable, status: err.status !== undefined ? String(err.status) : 'error', message: err.message };
  }
  if (err instanceof SyntaxError) return { retryable: true, status: 'invalid_response', message: err.message };
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (/^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|UND_ERR_\w+)$/.test(code)) {
    return { retryable: true, status: 'connection_error', message: `${code} ${(err as Error).message}`.trim() };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { retryable: false, status: 'error', message };
}

export interface RetryResult<T> {
  value: T;
  attempts: number;
  latencyMs: number;
}

/**
 * Calls `attempt` until it succeeds, fails permanently, or the retry budget is spent. Each attempt
 * holds a concurrency slot and a rate-limit slot of `policy.gate`; backoff sleeps hold neither.
 */
export async function callWithRetries<T>(
  policy: RetryPolicy,
  attempt: (signal: AbortSignal, attemptNo: number) => Promise<T>,
  classify: (err: unknown) => FailureInfo,
  opts: ReliabilityOptions = {},
): Promise<RetryResult<T>> {
  const sleep = opts.sleep ?? defaultSleep;
  const scale = opts.backoffScale ?? envBackoffScale();
  const random = opts.random ?? Math.random;
  const redact = policy.redact ?? ((s: string) => s);
  const total = Math.max(0, Math.floor(policy.maxRetries)) + 1;
  const started = performance.now();
  for (let k = 1; ; k += 1) {
    try {
      const value = await policy.gate.run(
        () => withTimeout((signal) => attempt(signal, k), policy.timeoutMs, policy.signal),
        policy.signal,
      );
      return { value, attempts: k, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      if (policy.signal?.aborted) throw err;
      const info = classify(err);
      const detail = redact(`${info.status} ${info.message}`.trim());
      if (!info.retryable || k >= total) {
        const failure = new ProviderError(
          `${policy.provider} ${policy.kind} request failed after ${k} attempts: ${detail}`,
          { cause: err },
        );
        const numeric = Number(info.status);
        if (Number.isInteger(numeric)) failure.status = numeric;
        failure.retryable = info.retryable;
        throw failure;
      }
      const delay = info.retryAfterMs ?? backoffMs(k, random);
      policy.log?.(
        'WARNING',
        `${policy.provider} ${policy.kind} request failed (attempt ${k}/${total}): ${detail}; retrying in ${formatSeconds(delay)} s`,
      );
      await sleep(delay * scale, policy.signal);
    }
  }
}
