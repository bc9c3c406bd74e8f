/**
 * Test doubles for the pipeline tests: a scripted text provider, a memory logger, a config.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig, type AppConfig } from '../../src/config/index.js';
import type { KernelTextProvider, KernelTextRequest, KernelTextResponse, LogLevel } from '../../src/pipeline/index.js';

export type Reply = string | null | ((req: KernelTextRequest, callIndex: number) => string | null);

/** Replies in order (the last one repeats); records every request. */
export class ScriptedProvider implements KernelTextProvider {
  readonly name = 'scripted';
  readonly defaultModel = 'scripted-model';
  readonly requests: KernelTextRequest[] = [];
  constructor(private readonly replies: Reply[] = ['ok']) {}
  async complete(req: KernelTextRequest): Promise<KernelTextResponse> {
    const i = this.requests.length;
    this.requests.push(JSON.parse(JSON.stringify({ ...req, log: undefined })) as KernelTextRequest);
    const reply = this.replies[Math.min(i, this.replies.length - 1)]!;
    const text = typeof reply === 'function' ? reply(req, i) : reply;
    return {
      text: text as string,
      provider: this.name,
      model: req.model ?? this.defaultModel,
      latency_ms: 5,
      attempts: 1,
      usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 },
    };
  }
}

/** Echo provider: answers `R<n>:<first words of the prompt>`. */
export function echoProvider(): ScriptedProvider {
  return new ScriptedProvider([(req, i) => `R${i + 1}:${req.messages[req.messages.length - 1]!.content.slice(0, 20)}`]);
}

export function memoryLogger(): { lines: string[]; log: (level: LogLevel, message: string) => void } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level} ${message}`) };
}

export function tempDir(prefix = 'pipeline-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The built-in default config (parsed), with an optional overlay of the dict. */
export function defaultConfig(mutate?: (dict: Record<string, any>) => void): AppConfig {
  const dir = tempDir('pipeline-cfg-');
  const loaded = loadConfig({ cwd: dir, env: {} });
  const dict = structuredClone(loaded.dict) as Record<string, any>;
  mutate?.(dict);
  return parseConfig(dict, { workspaceRoot: dir, env: {} }).config;
}
