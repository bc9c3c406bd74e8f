/** Many runs at once in one process; determinism; upscaling (double prompt side, real offline providers). */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { runGeneration } from '../../src/generation/run-generation.js';
import { readRecipe } from '../../src/generation/recipe.js';
import { parseCsvText } from '../../src/artifacts/index.js';
import { doubleSide, workspace, readIndex, readJson } from './helpers.js';

const opts = { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide(), hooks: { indexRefresh: async () => undefined } } as const;

function stripVolatile(steps: unknown): unknown {
  return JSON.parse(JSON.stringify(steps, (k, v) => (k === 'created_at' || k === 'latency_ms' ? undefined : v)));
}

describe('runGeneration concurrency and determinism', () => {
  it('16 runs at once: seqs 1..16, one header, 16 intact lines per shared file', async () => {
    const { cfg } = workspace('conc', { prompt: { random_seed: 11 } });
    const results = await Promise.all(Array.from({ length: 16 }, () => runGeneration(cfg, opts)));
    expect(results.every((r) => r.status === 'success')).toBe(true);
    const manifestText = fs.readFileSync(cfg.prompt.titles_manifest_path!, 'utf8');
    expect(manifestText.match(/^seq,title,/gm)).toHaveLength(1);
    const manifest = parseCsvText(manifestText);
    expect(manifest.skipped).toBe(0);
    expect(manifest.rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(manifest.rows.map((r) => r.title.toLowerCase())).size).toBe(16);
    expect(new Set(manifest.rows.map((r) => r.generation_id))).toEqual(new Set(results.map((r) => r.generationId)));
    const gens = parseCsvText(fs.readFileSync(path.join(cfg.image.log_path, 'generations_v2.csv'), 'utf8'));
    expect(gens.rows).toHaveLength(16);
    expect(gens.skipped).toBe(0);
    const index = fs.readFileSync(path.join(cfg.image.log_path, 'runs_index.jsonl'), 'utf8').trim().split('\n');
    expect(index).toHaveLength(16);
    expect(index.map((l) => JSON.parse(l).status)).toEqual(Array(16).fill('success'));
    for (const r of results) {
      const recipe = await readRecipe(r.imagePath!);
      const row = manifest.rows.find((m) => m.generation_id === r.generationId)!;
      expect(recipe!.image_id).toBe(`#${row.seq.padStart(3, '0')}`);
      expect(recipe!.title).toBe(row.title);
    }
  });

  it('same seed twice: identical prompt, steps and pixels; files differ only in the recipe id/time', async () => {
    const a = workspace('det-a', { prompt: { random_seed: 4242 } });
    const b = workspace('det-b', { prompt: { random_seed: 4242 } });
    const ra = await runGeneration(a.cfg, opts);
    const rb = await runGeneration(b.cfg, opts);
    expect(ra.finalPrompt).toBe(rb.finalPrompt);
    const ta = readJson(path.join(a.cfg.image.log_path, `${ra.generationId}_transcript.json`));
    const tb = readJson(path.join(b.cfg.image.log_path, `${rb.generationId}_transcript.json`));
    expect(stripVolatile(ta.steps)).toEqual(stripVolatile(tb.steps));
    expect(stripVolatile(ta.title_generation)).toEqual(stripVolatile(tb.title_generation));
    const pa = await sharp(ra.imagePath!).raw().toBuffer();
    const pb = await sharp(rb.imagePath!).raw().toBuffer();
    expect(pa.equals(pb)).toBe(true);
    const recA = await readRecipe(ra.imagePath!);
    const recB = await readRecipe(rb.imagePath!);
    expect({ ...recA, generation_id: '', created_at: '' }).toEqual({ ...recB, generation_id: '', created_at: '' });
  });

  it('upscale.enabled writes a captioned 3840-wide 4K file and records it everywhere', async () => {
    const { cfg } = workspace('up', { prompt: { random_seed: 5 }, upscale: { enabled: true } });
    const res = await runGeneration(cfg, opts);
    expect(res.error).toBeNull();
    const up = path.join(cfg.image.upscale_path!, `${res.generationId}_image_4k.jpg`);
    expect(res.imagePath).toBe(up);
    const meta = await sharp(up).metadata();
    expect([meta.width, meta.height]).toEqual([3840, 2160]);
    const base = await sharp(path.join(cfg.image.generation_path!, `${res.generationId}_image.jpg`)).metadata();
    expect([base.width, base.height]).toEqual([1536, 1024]);
    const recipe = await readRecipe(up);
    expect(recipe).toMatchObject({ rendition: 'upscaled', models: { upscale: { engine: 'lanczos', width: 3840, height: 2160 } } });
    const t = readJson(path.join(cfg.image.log_path, `${res.generationId}_transcript.json`));
    expect(t.upscale).toMatchObject({ engine: 'lanczos', method: 'lanczos', source: [1536, 1024], target: [3840, 2160] });
    expect(t.image_path).toBe(up);
    expect(readIndex(cfg.image.log_path)[0]!.artifacts).toMatchObject({ upscaled_image: up, image: path.join(cfg.image.generation_path!, `${res.generationId}_image.jpg`) });
    const manifest = parseCsvText(fs.readFileSync(cfg.prompt.titles_manifest_path!, 'utf8'));
    expect(manifest.rows[0]!.image_path).toBe(up);
    const oplog = fs.readFileSync(res.oplogPath!, 'utf8');
    expect(oplog).toContain('| INFO | Upscaling enabled: engine=lanczos model=lanczos3 target=long_edge=3840 aspect=1.778 method=lanczos');
    expect(oplog).toContain(`| INFO | Saved 4K upscaled image to ${up}`);
  });
});

describe('concurrent upscaled runs and the pixel buffer pool', () => {
  it('8 upscaled runs at once each save their own image: base and 4K match their prompt\'s render', async () => {
    const { renderOfflineImage } = await import('../../src/providers/offline-render.js');
    const { lanczosCoverFit } = await import('../../src/providers/lanczos-resample.js');
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => {
      const { cfg } = workspace(`pool${i}`, {
        prompt: { random_seed: 100 + i },
        providers: { image: { provider: 'offline', size: '384x256' } },
        upscale: { enabled: true, target_long_edge_px: 960 },
      });
      return runGeneration(cfg, opts).then((res) => ({ cfg, res }));
    }));
    // Pixels above the caption strip (the strip is < 10 % of the height here).
    const meanDiff = (a: Buffer, b: Buffer, width: number, rows: number): number => {
      let sum = 0;
      for (let i = 0; i < width * rows * 3; i++) sum += Math.abs(a[i]! - b[i]!);
      return sum / (width * rows * 3);
    };
    const prompts = new Set<string>();
    for (const { cfg, res } of runs) {
      expect(res.status).toBe('success');
      prompts.add(res.finalPrompt!);
      const clean = await renderOfflineImage(res.finalPrompt!, 384, 256);
      const big = lanczosCoverFit(clean.pixels, 960, 540);
      const base = await sharp(path.join(cfg.image.generation_path!, `${res.generationId}_image.jpg`)).raw().toBuffer();
      const four = await sharp(res.imagePath!).raw().toBuffer();
      expect(meanDiff(base, clean.pixels.data, 384, 230)).toBeLessThan(3);
      expect(meanDiff(four, big.data, 960, 480)).toBeLessThan(3);
      // another run's picture would be far off: the check can tell them apart
      const other = runs.find((r) => r.res.finalPrompt !== res.finalPrompt)!;
      const otherClean = await renderOfflineImage(other.res.finalPrompt!, 384, 256);
      expect(meanDiff(base, otherClean.pixels.data, 384, 230)).toBeGreaterThan(10);
    }
    expect(prompts.size).toBeGreaterThan(1);
  });
});
