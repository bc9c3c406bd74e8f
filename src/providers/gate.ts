/**
 * Per-process admission gate of one provider: a `max_concurrency` semaphore (p-limit) and a
 * `requests_per_minute` limiter. Gates are shared by key, so every provider instance created
 * for the same provider endpoint and limits (by any concurrent run) uses the same gate.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { defaultSleep } from './reliability.js';

export interface GateStats {
  inFlight: number;
  maxInFlight: number;
  started: number;
  /** Start times (performance.now() ms) of the most recent attempts, oldest first (≤ 10,000). */
  startTimes: number[];
}

/**
 * Evenly spaced admission (GCRA): request k may start no earlier than `interval` = 60 s / rpm after
 * request k−1, so any window of one minute admits at most `requests_per_minute`. Slots are reserved
 * synchronously (callers are served in arrival order); after waking, a late timer of the previous
 * caller is re-checked against its actual start, so actual starts are never closer than `interval`.
 */
export class RateLimiter {
  private nextSlot = 0;
  private lastStart = -Infinity;
  readonly intervalMs: number;
  constructor(readonly requestsPerMinute: number, private readonly now: () => number = () => performance.now()) {
    this.intervalMs = requestsPerMinute > 0 ? 60_000 / requestsPerMinute : 0;
  }
  /** Waits for this caller's slot; resolves with its start time. */
  async acquire(signal?: AbortSignal): Promise<number> {
    if (this.intervalMs <= 0) return this.now();
    const t = this.now();
    const slot = Math.max(t, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > t) await defaultSleep(slot - t, signal);
    for (let gap = this.lastStart + this.intervalMs - this.now(); gap > 0; gap = this.lastStart + this.intervalMs - this.now()) {
      await defaultSleep(Math.max(1, gap), signal);
    }
    this.lastStart = this.now();
    return this.lastStart;
  }
}

export class ProviderGate {
  private readonly limit: LimitFunction;
  readonly limiter: RateLimiter;
  readonly stats: GateStats = { inFlight: 0, maxInFlight: 0, started: 0, startTimes: [] };

  constructor(readonly key: string, readonly maxConcurrency: number, requestsPerMinute: number) {
    this.limit = pLimit(Math.max(1, Math.floor(maxConcurrency)));
    this.limiter = new RateLimiter(Math.max(0, requestsPerMinute));
  }

  /** Runs one attempt inside a concurrency slot, after its rate-limit slot. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limit(async () => {
      signal?.throwIfAborted();
      const startedAt = await this.limiter.acquire(signal);
      const s = this.stats;
      s.inFlight += 1;
      s.started += 1;
      s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
      s.startTimes.push(startedAt);
      if (s.startTimes.length > 10_000) s.startTimes.shift();
      try {
        return await fn();
      } finally {
        s.inFlight -= 1;
      }
    });
  }
}

const gates = new Map<string, ProviderGate>();

/** The process-wide gate for a provider endpoint with these limits. */
export function sharedGate(parts: {
  kind: string;
  provider: string;
  endpoint: string | null;
  maxConcurrency: number;
  requestsPerMinute: number;
}): ProviderGate {
  const key = [parts.kind, parts.provider, parts.endpoint ?? '', parts.maxConcurrency, parts.requestsPerMinute].join('|');
  let gate = gates.get(key);
  if (!gate) {
    gate = new ProviderGate(key, parts.maxConcurrency, parts.requestsPerMinute);
    gates.set(key, gate);
  }
  return gate;
}

/** `sharedGate` with the limits of a provider config (`max_concurrency`, `requests_per_minute`). */
export function gateFromConfig(
  config: { max_concurrency: number; requests_per_minute: number },
  parts: { kind: string; provider: string; endpoint: string | null },
): ProviderGate {
  return sharedGate({ ...parts, maxConcurrency: config.max_concurrency, requestsPerMinute: config.requests_per_minute });
}

/** Forget every shared gate (tests). */
export function resetSharedGates(): void {
  gates.clear();
}
