/**
 * A local OpenAI-compatible HTTP server for tests: `/v1/responses`, `/v1/chat/completions`,
 * `/v1/images/generations`, with scripted failures (status + headers, hung requests, malformed bodies).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type Scripted =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { hang: true }
  | { raw: string };

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Queue behaviours for a path; when the queue is empty the path answers normally. */
  script(path: string, steps: Scripted[]): void;
  /** Text returned by the text endpoints (default: a fixed sentence). */
  reply: { text: string; image: Buffer };
  close(): Promise<void>;
}

function ok(path: string, body: Record<string, unknown>, reply: FakeServer['reply']): unknown {
  const model = String(body.model ?? 'unknown');
  if (path === '/v1/responses') {
    return {
      id: 'resp_1', object: 'response', created_at: 1_700_000_000, status: 'completed', model,
      output: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply.text, annotations: [] }] }],
      usage: { input_tokens: 11, output_tokens: 7, total_tokens: 18 },
    };
  }
  if (path === '/v1/chat/completions') {
    return {
      id: 'chatcmpl_1', object: 'chat.completion', created: 1_700_000_000, model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 13, completion_tokens: 5, total_tokens: 18 },
    };
  }
  if (path === '/v1/images/generations') {
    return { created: 1_700_000_000, data: [{ b64_json: reply.image.toString('base64') }], usage: { input_tokens: 20, output_tokens: 4000, total_tokens: 4020 } };
  }
  return null;
}

export async function startFakeOpenAI(): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, Scripted[]>();
  const hung: http.ServerResponse[] = [];
  const reply = { text: 'A quiet harbor at dawn.', image: Buffer.from('not-really-a-png') };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        body = {};
      }
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const step = scripts.get(path)?.shift();
      if (step && 'hang' in step) {
        hung.push(res);
        return;
      }
      if (step && 'raw' in step) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(step.raw);
        return;
      }
      if (step) {
        res.writeHead(step.status, { 'content-type': 'application/json', ...(step.headers ?? {}) });
        res.end(JSON.stringify(step.body ?? { error: { message: `scripted ${step.status}`, type: 'server_error' } }));
        return;
      }
      const payload = ok(path, body, reply);
      res.writeHead(payload ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload ?? { error: { message: `no route ${path}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    reply,
    script: (path, steps) => scripts.set(path, [...(scripts.get(path) ?? []), ...steps]),
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
