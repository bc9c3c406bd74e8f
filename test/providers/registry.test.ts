import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import {
  clearProviderCache, createImageProvider, createTextProvider, createUpscaler, getProviders, normalizeImageConfig, normalizeTextConfig,
} from '../../src/providers/index.js';

describe('provider registry', () => {
  it('fills the §7.12 defaults for partial objects', () => {
    expect(normalizeTextConfig({})).toMatchObject({
      provider: 'offline', model: 'offline-text-v1', timeout_s: 180, max_retries: 3, format_retries: 2, requests_per_minute: 0,
      max_concurrency: 4, latency_ms: 0, error_rate: 0, api: 'auto', reasoning_effort: 'medium', temperature_mode: 'auto', base_url: null,
    });
    expect(normalizeTextConfig({ provider: 'openai' })).toMatchObject({ model: 'gpt-5.2', requests_per_minute: 120 });
    expect(normalizeTextConfig({ provider: 'openai', reasoning_effort: null }).reasoning_effort).toBeNull();
    expect(normalizeImageConfig({ provider: 'openai' })).toMatchObject({ model: 'gpt-image-1.5', size: '1536x1024', quality: 'high', moderation: 'low', timeout_s: 300, max_retries: 2 });
    expect(normalizeImageConfig(undefined)).toMatchObject({ provider: 'offline', model: 'offline-image-v1' });
  });

  it('maps config names to providers', () => {
    expect(createTextProvider({}).name).toBe('offline');
    expect(createImageProvider({ provider: 'offline' }).name).toBe('offline');
    expect(createTextProvider({ provider: 'openai' }, { env: { OPENAI_API_KEY: 'k' } }).name).toBe('openai');
    expect(createUpscaler({}).name).toBe('lanczos');
    expect(createUpscaler({ engine: 'realesrgan-ncnn-vulkan' }).name).toBe('realesrgan-ncnn-vulkan');
  });

  it('getProviders shares instances per config, and creates the image provider only on access', () => {
    clearProviderCache();
    const cfg = { providers: { text: { provider: 'offline', latency_ms: 5 }, image: { provider: 'openai' } }, upscale: { engine: 'lanczos' } };
    const a = getProviders(cfg);
    const b = getProviders(structuredClone(cfg));
    expect(a.text).toBe(b.text);
    expect(a.upscaler).toBe(b.upscaler);
    expect(getProviders({ providers: { text: { provider: 'offline', latency_ms: 6 } } }).text).not.toBe(a.text);
    // No key: the text side works; the image side fails only when asked for.
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => a.image).toThrow(ConfigError);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it('different instances of one provider share the concurrency gate', async () => {
    const x = createTextProvider({ latency_ms: 30, max_concurrency: 2 }) as unknown as { gate: { stats: { maxInFlight: number } } };
    const y = createTextProvider({ latency_ms: 30, max_concurrency: 2, model: 'other' }) as unknown as { gate: unknown };
    expect(x.gate).toBe(y.gate);
    const p1 = createTextProvider({ latency_ms: 30, max_concurrency: 2 });
    const p2 = createTextProvider({ latency_ms: 30, max_concurrency: 2 });
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? p1 : p2).complete({ messages: [{ role: 'user', content: `c${i}` }], temperature: 0 })));
    expect(x.gate.stats.maxInFlight).toBe(2);
  });
});

describe('checkApiKeys', () => {
  it('checks text always and image only when asked', async () => {
    const { checkApiKeys } = await import('../../src/providers/index.js');
    const cfg = { providers: { text: { provider: 'offline' }, image: { provider: 'openai', api_key_env: 'IMG_KEY' } } };
    expect(() => checkApiKeys(cfg, { includeImage: false, env: {} })).not.toThrow();
    expect(() => checkApiKeys(cfg, { includeImage: true, env: {} })).toThrow('Missing API key: environment variable IMG_KEY is not set (required by providers.image.provider=openai)');
    expect(() => checkApiKeys(cfg, { includeImage: true, env: { IMG_KEY: 'x' } })).not.toThrow();
    expect(() => checkApiKeys({ providers: { text: { provider: 'openai' } } }, { includeImage: false, env: {} })).toThrow(/OPENAI_API_KEY/);
  });
});
