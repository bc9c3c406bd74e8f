/** Fast in-process doubles of the runner's services (config, compile, generation, index). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendJsonl } from '../../src/artifacts/index.js';
import type { GenerationResultLike, RunnerServices } from '../../src/experiments/services.js';
import type { JsonObject } from '../../src/experiments/types.js';
import { ConfigError } from '../../src/errors.js';

export function tempDir(prefix = 'exp-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface FakeOptions {
  /** Decide a run's outcome: return an error record to fail it. */
  fail?: (gid: string, cfg: JsonObject) => { type: string; message: string; phase?: string; step?: string } | null;
  delayMs?: (gid: string) => number;
  baseDict?: JsonObject;
  /** Called when a run starts (concurrency probes). */
  onStart?: (gid: string) => void;
  onEnd?: (gid: string) => void;
}

export interface FakeHandle {
  services: Partial<RunnerServices>;
  calls: string[];
  maxInFlight: () => number;
  indexUpdates: string[];
}

export function fakeServices(opts: FakeOptions = {}): FakeHandle {
  const calls: string[] = [];
  const indexUpdates: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const services: Partial<RunnerServices> = {
    findWorkspaceRoot: (cwd) => cwd,
    loadConfig: () => ({
      dict: structuredClone(opts.baseDict ?? { run: { mode: 'full' }, prompt: { plan: 'blackbox', random_seed: null }, experiment_runners: {} }),
      meta: { mode: 'builtin', paths: [], env_var: 'IMAGE_PROJECT_CONFIG', workspace_root: '/w' },
      notes: [{ level: 'INFO', message: 'Loaded built-in default config' }],
    }),
    parseConfig: (dict) => {
      const ctx = (dict['context'] ?? {}) as JsonObject;
      if (typeof ctx['date'] === 'string' && ctx['date'] === '2026-02-30') {
        throw new ConfigError("Invalid config value for context.date: '2026-02-30' (expected YYYY-MM-DD)");
      }
      return { config: structuredClone(dict), warnings: [] };
    },
    compilePreview: (config) => ({ resolved_stages: { metadata: { plan: (config['prompt'] as JsonObject)['plan'] } } }),
    generationDefaults: () => ({ text_provider: 'offline' }),
    checkProviders: async () => undefined,
    updateIndex: async (root) => {
      indexUpdates.push(root);
      return { experiments: 1 };
    },
    runGeneration: async (config, o): Promise<GenerationResultLike> => {
      calls.push(o.generationId);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      opts.onStart?.(o.generationId);
      const delay = opts.delayMs?.(o.generationId) ?? 0;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const err = opts.fail?.(o.generationId, config) ?? null;
      const logDir = (config['image'] as JsonObject)['log_path'] as string;
      const prompt = `prompt for seed ${String((config['prompt'] as JsonObject)['random_seed'])}`;
      await appendJsonl(path.join(logDir, 'runs_index.jsonl'), {
        schema_version: 1,
        generation_id: o.generationId,
        status: err ? 'error' : 'success',
        phase: err ? err.phase ?? 'pipeline' : 'complete',
        prompt_pipeline: { plan: 'x' },
        artifacts: { transcript: null, oplog: null, final_prompt: null, image: null, upscaled_image: null },
        ...(err ? { error: err } : {}),
      });
      inFlight--;
      opts.onEnd?.(o.generationId);
      return {
        generationId: o.generationId,
        status: err ? 'error' : 'success',
        imagePath: null,
        finalPrompt: err ? null : prompt,
        outputs: err ? {} : { prompt_pipeline: { plan: 'x' }, image_prompt: prompt },
        error: err ? { phase: 'pipeline', ...err } : null,
        durationMs: delay,
      };
    },
  };
  return { services, calls, maxInFlight: () => maxInFlight, indexUpdates };
}

/** Console capture for runExperiment. */
export function captureIO(): { io: { stdout: (l: string) => void; stderr: NodeJS.WritableStream; isTTY: boolean }; out: string[]; err: () => string } {
  const out: string[] = [];
  let errText = '';
  const stderr = { write: (s: string) => { errText += s; return true; } } as unknown as NodeJS.WritableStream;
  return { io: { stdout: (l) => out.push(l), stderr, isTTY: false }, out, err: () => errText };
}

export function readJson(file: string): JsonObject {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;
}
