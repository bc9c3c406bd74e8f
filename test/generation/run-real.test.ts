/** runGeneration with the real prompt side (plans, stages, context) and offline providers: failures and determinism. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { runGeneration } from '../../src/generation/run-generation.js';
import { workspace, readIndex, readJson, tempDir } from './helpers.js';

const base = { updateIndex: false, mirrorToConsole: false } as const;

function files(dir: string | null): string[] {
  return dir && fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function expectFailure(cfg: { image: { log_path: string } }, res: Awaited<ReturnType<typeof runGeneration>>, phase: string) {
  expect(res.status).toBe('error');
  expect(res.error!.phase).toBe(phase);
  const gid = res.generationId;
  const t = readJson(path.join(cfg.image.log_path, `${gid}_transcript.json`));
  expect(t.error).toEqual(res.error);
  const [line] = readIndex(cfg.image.log_path);
  expect(line).toMatchObject({ generation_id: gid, status: 'error', phase, error: res.error });
  return t;
}

describe('runGeneration failures (real prompt side)', () => {
  it('missing categories CSV → data_load; oplog, transcript, runs_index only', async () => {
    const { cfg } = workspace('nocat', { prompt: { categories_path: 'missing.csv', random_seed: 1 } });
    const res = await runGeneration(cfg, base);
    const t = expectFailure(cfg, res, 'data_load');
    expect(res.error).toMatchObject({ type: 'IOError', message: `Categories CSV not found: ${cfg.prompt.categories_path}` });
    expect(t.seed).toBe(1);
    expect(files(cfg.image.log_path)).toEqual([`${res.generationId}_oplog.log`, `${res.generationId}_transcript.json`, 'runs_index.jsonl']);
    expect(files(cfg.image.generation_path)).toEqual([]);
  });

  it('empty profile → data_load', async () => {
    const { dir, cfg: c0 } = workspace('noprof');
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    const { cfg } = workspace('noprof2', { prompt: { profile_path: path.join(dir, 'empty.csv') } });
    void c0;
    const res = await runGeneration(cfg, base);
    expectFailure(cfg, res, 'data_load');
    expect(res.error!.message).toBe(`User profile file is empty: ${path.join(dir, 'empty.csv')}`);
    expect(files(cfg.image.log_path)).toHaveLength(3);
  });

  it('a provider error in a stage → pipeline with step and path', async () => {
    const { cfg } = workspace('stagefail', { prompt: { plan: 'direct', random_seed: 2 }, providers: { text: { provider: 'offline', error_rate: 1, max_retries: 0 } } });
    const res = await runGeneration(cfg, base);
    const t = expectFailure(cfg, res, 'pipeline');
    expect(res.error).toMatchObject({ type: 'ProviderError', step: expect.any(String), path: expect.stringMatching(/^pipeline\//) });
    expect(res.error!.path!.split('/')[1]).toBe(res.error!.step);
    expect((t.outputs as Record<string, unknown>).prompt_pipeline).toMatchObject({ plan: 'direct' });
    expect(files(cfg.image.log_path)).toHaveLength(3);
    const oplog = fs.readFileSync(res.oplogPath!, 'utf8');
    expect(oplog).toMatch(/\| ERROR \| Step failed: pipeline\//);
    expect(oplog).toMatch(/\| ERROR \| Run failed during phase pipeline \(ProviderError: /);
    expect(oplog).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });

  it('an unknown plan → plan_resolution; --debug adds the stack to the oplog', async () => {
    const { cfg } = workspace('plan', { prompt: { plan: 'custom', stages: { sequence: ['standard.initial_prompt'] } } });
    const bad = { ...cfg, prompt: { ...cfg.prompt, plan: 'nope' } };
    const res = await runGeneration(bad, { ...base, debug: true });
    expectFailure(cfg, res, 'plan_resolution');
    expect(res.error!.message).toMatch(/^Unknown prompt plan: nope \(available: /);
    expect(fs.readFileSync(res.oplogPath!, 'utf8')).toMatch(/\n\s+at /);
  });

  it('prompt_only writes the final prompt and no image files', async () => {
    const { cfg } = workspace('po', { run: { mode: 'prompt_only' }, prompt: { plan: 'direct', random_seed: 9 } });
    const res = await runGeneration(cfg, base);
    expect(res.error).toBeNull();
    expect(res.imagePath).toBeNull();
    expect(res.finalPromptPath).toBe(path.join(cfg.image.log_path, `${res.generationId}_final_prompt.txt`));
    expect(files(cfg.image.log_path)).toEqual([`${res.generationId}_final_prompt.txt`, `${res.generationId}_oplog.log`, `${res.generationId}_transcript.json`, 'runs_index.jsonl']);
    expect(readIndex(cfg.image.log_path)[0]).toMatchObject({ status: 'success', run_mode: 'prompt_only', artifacts: { image: null, final_prompt: res.finalPromptPath } });
  });
});

describe('determinism with the built-in plan', () => {
  it('same seed and date twice → identical prompt, steps (timestamps/latencies aside) and pixels', async () => {
    const overlay = { prompt: { random_seed: 31337 }, context: { date: '2026-10-20' } };
    const a = workspace('det1', overlay);
    const b = workspace('det2', overlay);
    const [ra, rb] = [await runGeneration(a.cfg, base), await runGeneration(b.cfg, base)];
    expect(ra.status).toBe('success');
    expect(ra.finalPrompt).toBe(rb.finalPrompt);
    const strip = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'), (k, v) => (k === 'created_at' || k === 'latency_ms' ? undefined : v));
    const ta = strip(path.join(a.cfg.image.log_path, `${ra.generationId}_transcript.json`));
    const tb = strip(path.join(b.cfg.image.log_path, `${rb.generationId}_transcript.json`));
    expect(ta.steps.length).toBeGreaterThan(10);
    expect(ta.steps).toEqual(tb.steps);
    expect(ta.blackbox_scoring).toEqual(tb.blackbox_scoring);
    expect(ta.context).toEqual(tb.context);
    const [pa, pb] = [await sharp(ra.imagePath!).raw().toBuffer(), await sharp(rb.imagePath!).raw().toBuffer()];
    expect(pa.equals(pb)).toBe(true);
    void tempDir;
  });
});
