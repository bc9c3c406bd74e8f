import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.js';
import { ProviderGate, RateLimiter, sharedGate } from '../../src/providers/gate.js';
import { backoffMs, callWithRetries, classifyGeneric, parseRetryAfter, PermanentError, TransientError } from '../../src/providers/reliability.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backoff and Retry-After', () => {
  it('backoff is min(60, 2^attempt) s times a factor in [0.5, 1]', () => {
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(1, () => 0.999999)).toBeCloseTo(2000, 0);
    expect(backoffMs(3, () => 0.5)).toBe(6000);
    expect(backoffMs(9, () => 0)).toBe(30_000);
    expect(backoffMs(9, () => 1)).toBe(60_000);
  });
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000 + 4000).toUTCString(), 10_000)).toBe(4000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('callWithRetries', () => {
  const gate = () => new ProviderGate('t', 4, 0);
  it('retries transient failures, honours Retry-After, logs each retry, and reports attempts', async () => {
    const slept: number[] = [];
    const lines: string[] = [];
    let n = 0;
    const res = await callWithRetries(
      { provider: 'openai', kind: 'text', maxRetries: 3, timeoutMs: 1000, gate: gate(), log: (l, m) => lines.push(`${l} ${m}`) },
      async () => {
        n += 1;
        if (n === 1) throw new TransientError('429', 'Rate limited', 7000);
        if (n === 2) throw new TransientError('500', 'boom');
        return 'ok';
      },
      classifyGeneric,
      { sleep: async (ms) => { slept.push(ms); }, random: () => 0 },
    );
    expect(res.value).toBe('ok');
    expect(res.attempts).toBe(3);
    expect(slept).toEqual([7000, 2000]);
    expect(lines).toEqual([
      'WARNING openai text request failed (attempt 1/4): 429 Rate limited; retrying in 7 s',
      'WARNING openai text request failed (attempt 2/4): 500 boom; retrying in 2 s',
    ]);
  });

  it('fails at once on a permanent error with the status in the message', async () => {
    let n = 0;
    const err = await callWithRetries(
      { provider: 'openai', kind: 'image', maxRetries: 3, timeoutMs: 1000, gate: gate() },
      async () => { n += 1; throw new PermanentError('400', 'bad size'); },
      classifyGeneric,
      { sleep: async () => {} },
    ).catch((e: unknown) => e);
    expect(n).toBe(1);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).message).toBe('openai image request failed after 1 attempts: 400 bad size');
    expect((err as ProviderError).status).toBe(400);
  });

  it('times out a hung attempt and retries it', async () => {
    let n = 0;
    const lines: string[] = [];
    const res = await callWithRetries(
      { provider: 'offline', kind: 'text', maxRetries: 1, timeoutMs: 80, gate: gate(), log: (_l, m) => lines.push(m) },
      async (signal) => {
        n += 1;
        if (n === 1) await new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
        return 'second';
      },
      classifyGeneric,
      { backoffScale: 0 },
    );
    expect(res.value).toBe('second');
    expect(lines[0]).toMatch(/^offline text request failed \(attempt 1\/2\): timeout request timed out after 0\.08 s; retrying in/);
  });

  it('redacts secrets from the final message', async () => {
    const err = await callWithRetries(
      { provider: 'openai', kind: 'text', maxRetries: 0, timeoutMs: 1000, gate: gate(), redact: (s) => s.replace('sekrit', '***') },
      async () => { throw new PermanentError('401', 'bad key sekrit'); },
      classifyGeneric,
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe('openai text request failed after 1 attempts: 401 bad key ***');
  });
});

describe('gate', () => {
  it('max_concurrency caps in-flight attempts across callers', async () => {
    const g = new ProviderGate('c', 3, 0);
    let live = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 12 }, () => g.run(async () => {
      live += 1;
      peak = Math.max(peak, live);
      await sleep(15);
      live -= 1;
    })));
    expect(peak).toBe(3);
    expect(g.stats.maxInFlight).toBe(3);
    expect(g.stats.started).toBe(12);
  });

  it('requests_per_minute spaces starts evenly (6000/min → one per 10 ms)', async () => {
    const limiter = new RateLimiter(6000);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 11 }, async () => {
      await limiter.acquire();
      starts.push(performance.now());
    }));
    starts.sort((a, b) => a - b);
    expect(starts[10]! - starts[0]!).toBeGreaterThanOrEqual(95);
  });

  it('is shared per endpoint and limits', () => {
    const a = sharedGate({ kind: 'text', provider: 'openai', endpoint: 'http://x/v1', maxConcurrency: 2, requestsPerMinute: 60 });
    const b = sharedGate({ kind: 'text', provider: 'openai', endpoint: 'http://x/v1', maxConcurrency: 2, requestsPerMinute: 60 });
    const c = sharedGate({ kind: 'image', provider: 'openai', endpoint: 'http://x/v1', maxConcurrency: 2, requestsPerMinute: 60 });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
