/** runGeneration end to end with a one-stage prompt side double and the real offline providers. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runGeneration } from '../../src/generation/run-generation.js';
import { readRecipe } from '../../src/generation/recipe.js';
import { parseCsvText } from '../../src/artifacts/index.js';
import { doubleSide, workspace, readIndex, readJson, oplogLines } from './helpers.js';

const noHooks = { indexRefresh: async () => undefined };

describe('runGeneration (double prompt side)', () => {
  it('full run writes every per-run artifact', async () => {
    const { cfg } = workspace('full', { prompt: { random_seed: 7 } });
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide(), hooks: noHooks });
    expect(res.error).toBeNull();
    expect(res.status).toBe('success');
    const gid = res.generationId;
    const logDir = cfg.image.log_path;
    expect(res.imagePath).toBe(path.join(cfg.image.generation_path!, `${gid}_image.jpg`));
    const lines = oplogLines(path.join(logDir, `${gid}_oplog.log`));
    expect(lines[0]).toBe(`INFO | Operational logging initialized for generation ${gid}`);
    expect(lines).toContain('INFO | Using configured prompt.random_seed=7');
    expect(lines).toContain("INFO | Prompt plan requested=double resolved=double stages=['double.scene'] capture=double.scene context=config");
    expect(lines.some((l) => /^INFO \| Assigned image identifier #001 - [A-Z]/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe(`INFO | Run completed successfully for generation ${gid}`);
    const t = readJson(path.join(logDir, `${gid}_transcript.json`));
    expect(Object.keys(t)).toEqual(['generation_id', 'seed', 'selected_concepts', 'steps', 'image_path', 'created_at', 'categories_file', 'profile_file',
      'prompt_inputs', 'final_image_prompt', 'title_generation', 'outputs', 'image_generation', 'usage', 'tool']);
    expect(t.usage).toMatchObject({ text: { calls: 2, calls_without_usage: 0 }, image: { calls: 1 } });
    expect(t.image_generation).toMatchObject({ provider: 'offline', width: 1536, height: 1024, size: '1536x1024' });
    const [line] = readIndex(logDir);
    expect(line).toMatchObject({ schema_version: 1, generation_id: gid, status: 'success', phase: 'complete', run_mode: 'full', seed: 7,
      experiment: { id: null, variant: null, notes: null, tags: [] } });
    expect(fs.readFileSync(path.join(logDir, `${gid}_final_prompt.txt`), 'utf8')).toBe(`${res.finalPrompt!.trimEnd()}\n`);
    const recipe = await readRecipe(res.imagePath!);
    expect(recipe).toMatchObject({ generation_id: gid, seed: 7, prompt: res.finalPrompt, image_id: '#001', rendition: 'base', plan: 'double' });
    const gens = parseCsvText(fs.readFileSync(path.join(logDir, 'generations_v2.csv'), 'utf8'));
    expect(gens.header).toEqual(['generation_id', 'selected_concepts', 'final_image_prompt', 'image_path', 'created_at', 'seed']);
    expect(gens.rows[0]).toMatchObject({ generation_id: gid, selected_concepts: '[]', seed: '7', image_path: res.imagePath });
  });

  it('a failing compile leaves oplog, transcript with error, runs_index error line; no final prompt', async () => {
    const { cfg } = workspace('fail', { prompt: { random_seed: 3 } });
    const { CompileError } = await import('../../src/errors.js');
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide({ failCompile: new CompileError('Stage IO validation failed: x') }), hooks: noHooks });
    expect(res.status).toBe('error');
    expect(res.error).toEqual({ type: 'CompileError', message: 'Stage IO validation failed: x', phase: 'pipeline' });
    const files = fs.readdirSync(cfg.image.log_path).sort();
    expect(files).toEqual([`${res.generationId}_oplog.log`, `${res.generationId}_transcript.json`, 'runs_index.jsonl']);
    expect(fs.existsSync(cfg.image.generation_path!)).toBe(false);
    const t = readJson(path.join(cfg.image.log_path, `${res.generationId}_transcript.json`));
    expect(t.error).toEqual(res.error);
    expect(readIndex(cfg.image.log_path)[0]).toMatchObject({ status: 'error', phase: 'pipeline', error: res.error });
    expect(oplogLines(res.oplogPath!)).toContain('ERROR | Run failed during phase pipeline (CompileError: Stage IO validation failed: x)');
  });

  it('a blank image_prompt fails in capture', async () => {
    const { cfg } = workspace('blank', { prompt: { random_seed: 3 } });
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide({ emptyPrompt: true }), hooks: noHooks });
    expect(res.error).toEqual({ type: 'PipelineError', message: 'Pipeline did not produce required output: image_prompt', phase: 'capture' });
  });

  it('an unloadable caption font fails in image_pipeline with no image and no manifest row', async () => {
    const { dir, cfg } = workspace('font', { image: { caption_font_path: 'fonts/missing.ttf' }, prompt: { random_seed: 3 } });
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide(), hooks: noHooks });
    expect(res.error).toMatchObject({ type: 'IOError', phase: 'image_pipeline' });
    expect(res.error!.message).toMatch(new RegExp(`^Failed to load caption font from '${path.join(dir, 'fonts', 'missing.ttf')}': `));
    expect(fs.readdirSync(cfg.image.generation_path!)).toEqual([]);
    expect(fs.existsSync(path.join(cfg.image.log_path, `${res.generationId}_final_prompt.txt`))).toBe(true);
  });

  it('rejects an invalid generation id before writing anything', async () => {
    const { cfg } = workspace('badid');
    await expect(runGeneration(cfg, { generationId: '../x', updateIndex: false, mirrorToConsole: false, promptSide: doubleSide() }))
      .rejects.toThrow("Invalid generation_id: '../x'");
    expect(fs.existsSync(cfg.image.log_path)).toBe(false);
  });
});
