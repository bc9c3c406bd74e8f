import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileSink, Logger } from '../../src/artifacts/index.js';
import { ConfigError, ProviderError } from '../../src/errors.js';
import { createImageProvider, createTextProvider, resetSharedGates, resolveApi } from '../../src/providers/index.js';
import type { TextRequest } from '../../src/providers/types.js';
import { startFakeOpenAI, type FakeServer } from './fake-openai.js';

const KEY = 'sk-test-SECRETVALUE-1234567890abcdef';
const env = { TEST_OPENAI_KEY: KEY } as NodeJS.ProcessEnv;
const fast = { env, backoffScale: 0.001 };
const judgeSchema = {
  type: 'object', additionalProperties: false, required: ['scores'],
  properties: { scores: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['id', 'score'], properties: { id: { type: 'string', enum: ['A', 'B'] }, score: { type: 'integer', minimum: 0, maximum: 100 } } } } },
};
const msgs: TextRequest['messages'] = [{ role: 'system', content: 'sys' }, { role: 'user', content: 'Describe a harbor.' }];

let server: FakeServer;
let tmp: string;
let logger: Logger;
let sink: ReturnType<typeof fileSink>;
const log: TextRequest['log'] = (level, message) => logger.log(level, message);

beforeAll(async () => {
  server = await startFakeOpenAI();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-openai-'));
  sink = fileSink(path.join(tmp, 'oplog.log'));
  logger = new Logger([sink]);
});
afterAll(async () => {
  sink.close();
  // The key never reaches any file the run wrote.
  for (const f of fs.readdirSync(tmp)) expect(fs.readFileSync(path.join(tmp, f), 'utf8')).not.toContain(KEY);
  expect(fs.readFileSync(path.join(tmp, 'oplog.log'), 'utf8')).toContain('retrying in');
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  resetSharedGates();
});

const textCfg = (extra: Record<string, unknown> = {}) => ({ provider: 'openai', base_url: server.url, api_key_env: 'TEST_OPENAI_KEY', requests_per_minute: 0, ...extra });

describe('openai text provider (through the real SDK)', () => {
  it('Responses API: model, reasoning effort, strict JSON schema; temperature omitted for reasoning models', async () => {
    const p = createTextProvider(textCfg({ api: 'responses', model: 'gpt-test' }), fast);
    const r = await p.complete({ messages: msgs, temperature: 0.7, log, responseFormat: { type: 'json_schema', name: 'judge.scores', schema: judgeSchema } });
    expect(r).toMatchObject({ text: server.reply.text, provider: 'openai', model: 'gpt-test', attempts: 1, usage: { input_tokens: 11, output_tokens: 7, total_tokens: 18 } });
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/responses');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe('gpt-test');
    expect(req.body).not.toHaveProperty('temperature');
    expect(req.body.reasoning).toEqual({ effort: 'medium' });
    expect(req.body.text).toEqual({ format: { type: 'json_schema', name: 'judge_scores', schema: judgeSchema, strict: true } });
    expect(req.body.input).toEqual([{ role: 'system', content: 'sys' }, { role: 'user', content: 'Describe a harbor.' }]);
  });

  it('Chat Completions (auto with a custom base_url): temperature sent without reasoning effort; per-call model', async () => {
    const p = createTextProvider(textCfg({ reasoning_effort: null }), fast);
    const r = await p.complete({ messages: msgs, temperature: 0.4, model: 'llama3', responseFormat: { type: 'json_schema', name: 'judge', schema: judgeSchema } });
    expect(r.usage).toEqual({ input_tokens: 13, output_tokens: 5, total_tokens: 18 });
    expect(r.model).toBe('llama3');
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.body).toMatchObject({ model: 'llama3', temperature: 0.4 });
    expect(req.body).not.toHaveProperty('reasoning_effort');
    expect(req.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'judge', schema: judgeSchema, strict: true } });
  });

  it('temperature_mode=always sends both; line templates go as plain requests', async () => {
    const p = createTextProvider(textCfg({ temperature_mode: 'always', reasoning_effort: 'low' }), fast);
    await p.complete({ messages: msgs, temperature: 0.2, responseFormat: { type: 'line_template', name: 'title', template: { kind: 'title' } } });
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ temperature: 0.2, reasoning_effort: 'low' });
    expect(body).not.toHaveProperty('response_format');
  });

  it('retries 429 (honouring Retry-After), 500, a hung request and a malformed body, then succeeds', async () => {
    server.script('/v1/chat/completions', [
      { status: 429, headers: { 'retry-after': '5' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } },
      { status: 500 },
      { hang: true },
      { raw: '{"id": "chatcmpl_1", "choices": [' },
    ]);
    const lines: string[] = [];
    const p = createTextProvider(textCfg({ max_retries: 4, timeout_s: 1 }), fast);
    const r = await p.complete({ messages: msgs, temperature: 0, log: (l, m) => { lines.push(`${l} ${m}`); log(l, m); } });
    expect(r.text).toBe(server.reply.text);
    expect(r.attempts).toBe(5);
    expect(server.requests).toHaveLength(5);
    const warnings = lines.filter((l) => l.startsWith('WARNING'));
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toBe('WARNING openai text request failed (attempt 1/5): 429 Rate limit reached; retrying in 5 s');
    expect(warnings[1]).toMatch(/^WARNING openai text request failed \(attempt 2\/5\): 500 scripted 500; retrying in \d/);
    expect(warnings[2]).toMatch(/\(attempt 3\/5\): timeout request timed out after 1 s; retrying in/);
    expect(warnings[3]).toMatch(/\(attempt 4\/5\): invalid_response /);
    expect(lines.some((l) => l.startsWith('DEBUG openai text request: api=chat_completions model=gpt-5.2'))).toBe(true);
  });

  it('fails with the ProviderError message after the retry budget', async () => {
    server.script('/v1/chat/completions', [{ status: 503 }, { status: 503 }, { status: 503 }]);
    const p = createTextProvider(textCfg({ max_retries: 2 }), fast);
    const err = await p.complete({ messages: msgs, temperature: 0, log }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe('openai text request failed after 3 attempts: 503 scripted 503');
  });

  it('does not retry other 4xx, and redacts the key from error messages', async () => {
    server.script('/v1/chat/completions', [{ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}.` } } }]);
    const p = createTextProvider(textCfg(), fast);
    const err = await p.complete({ messages: msgs, temperature: 0, log }).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect((err as Error).message).toMatch(/^openai text request failed after 1 attempts: 401 Incorrect API key provided: /);
    expect((err as Error).message).not.toContain(KEY);
    logger.error(String((err as Error).message));
  });

  it('retries a refused connection and names the socket error', async () => {
    const net = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const p = createTextProvider({ provider: 'openai', base_url: `http://127.0.0.1:${port}/v1`, max_retries: 1, requests_per_minute: 0 }, fast);
    await expect(p.complete({ messages: msgs, temperature: 0 })).rejects.toThrow(
      /^openai text request failed after 2 attempts: connection_error fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
  });

  it('sends no Authorization header to a custom base_url without api_key_env', async () => {
    const p = createTextProvider({ provider: 'openai', base_url: server.url }, { env: { OPENAI_API_KEY: KEY } });
    await p.complete({ messages: msgs, temperature: 0 });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('missing key → one-line ConfigError naming the variable', () => {
    expect(() => createTextProvider({ provider: 'openai' }, { env: {} })).toThrow(ConfigError);
    expect(() => createTextProvider({ provider: 'openai' }, { env: {} })).toThrow(
      'Missing API key: environment variable OPENAI_API_KEY is not set (required by providers.text.provider=openai)',
    );
    expect(() => createImageProvider({ provider: 'openai', base_url: server.url, api_key_env: 'MY_KEY' }, { env: {} })).toThrow(
      'Missing API key: environment variable MY_KEY is not set (required by providers.image.provider=openai)',
    );
  });

  it('api auto → responses for the default base_url, chat_completions otherwise', () => {
    expect(resolveApi({ api: 'auto', base_url: null })).toBe('responses');
    expect(resolveApi({ api: 'auto', base_url: 'https://api.openai.com/v1/' })).toBe('responses');
    expect(resolveApi({ api: 'auto', base_url: 'http://localhost:11434/v1' })).toBe('chat_completions');
    expect(resolveApi({ api: 'chat_completions', base_url: null })).toBe('chat_completions');
  });
});

describe('openai image provider', () => {
  it('posts model/size/quality/moderation and decodes data[0].b64_json, retrying a 500', async () => {
    const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } }).png().toBuffer();
    server.reply.image = png;
    server.script('/v1/images/generations', [{ status: 500 }]);
    const p = createImageProvider({ provider: 'openai', base_url: server.url, api_key_env: 'TEST_OPENAI_KEY', quality: 'medium', requests_per_minute: 0 }, fast);
    const r = await p.generate({ prompt: 'a harbor', size: '1024x1024', quality: '', moderation: '', log });
    expect(r.bytes.equals(png)).toBe(true);
    expect(r).toMatchObject({ provider: 'openai', model: 'gpt-image-1.5', attempts: 2, seed: null, size: '1024x1024' });
    const body = server.requests[1]!.body;
    expect(body).toMatchObject({ model: 'gpt-image-1.5', prompt: 'a harbor', size: '1024x1024', quality: 'medium', moderation: 'low', n: 1 });
    expect(server.requests[1]!.path).toBe('/v1/images/generations');
  });

  it('a response without b64_json fails clearly after retries', async () => {
    server.script('/v1/images/generations', [
      { status: 200, body: { created: 1, data: [{ url: 'http://x' }] } },
      { status: 200, body: { created: 1, data: [{ url: 'http://x' }] } },
    ]);
    const p = createImageProvider({ provider: 'openai', base_url: server.url, api_key_env: 'TEST_OPENAI_KEY', max_retries: 1, requests_per_minute: 0 }, fast);
    await expect(p.generate({ prompt: 'x', size: '1024x1024', quality: 'high', moderation: 'low' })).rejects.toThrow(
      'openai image request failed after 2 attempts: invalid_response response has no data[0].b64_json',
    );
  });
});
