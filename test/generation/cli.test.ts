/** `image-project generate` as a user runs it: compiled CLI, empty directory, no config, no key. */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createImageProvider } from '../../src/providers/index.js';
import { readRecipe } from '../../src/generation/recipe.js';
import { decodeImage, encodeJpeg } from '../../src/generation/image-codec.js';
import { captionLayout } from '../../src/generation/caption.js';
import { loadCaptionFont } from '../../src/generation/caption-font.js';
import { parseCsvText } from '../../src/artifacts/index.js';
import { CLI, tempDir, readIndex, readJson } from './helpers.js';

function generate(cwd: string, args: string[] = []) {
  const env = { ...process.env };
  delete env.IMAGE_PROJECT_CONFIG;
  delete env.OPENAI_API_KEY;
  return spawnSync(process.execPath, [CLI, 'generate', ...args], { cwd, encoding: 'utf8', env });
}

function generateAsync(cwd: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'generate'], { cwd, env: { ...process.env, IMAGE_PROJECT_CONFIG: '' } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.resume();
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

async function rgb(input: Buffer | string) {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('image-project generate (CLI)', () => {
  it('writes a captioned 1536x1024 JPEG and every artifact under _artifacts/, then #002', async () => {
    const dir = tempDir('cli');
    const first = generate(dir);
    expect(first.stderr).toMatch(/\| INFO \| Run completed successfully for generation /);
    expect(first.status).toBe(0);
    const imagePath = first.stdout.trim();
    expect(first.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(imagePath.startsWith(path.join(dir, '_artifacts', 'generated'))).toBe(true);
    const gid = path.basename(imagePath).replace(/_image\.jpg$/, '');
    const logs = path.join(dir, '_artifacts', 'logs');
    for (const f of [`${gid}_oplog.log`, `${gid}_transcript.json`, `${gid}_final_prompt.txt`, 'runs_index.jsonl', 'generations_v2.csv']) {
      expect(fs.existsSync(path.join(logs, f)), f).toBe(true);
    }
    const manifest = parseCsvText(fs.readFileSync(path.join(dir, '_artifacts', 'generated', 'titles_manifest.csv'), 'utf8'));
    const title = manifest.rows[0]!.title;
    expect(manifest.rows[0]).toMatchObject({ seq: '1', generation_id: gid, image_path: imagePath, size: '1536x1024', model: 'offline-image-v1' });
    expect(fs.readFileSync(path.join(logs, `${gid}_oplog.log`), 'utf8')).toContain(`| INFO | Assigned image identifier #001 - ${title}\n`);
    const recipe = await readRecipe(imagePath);
    expect(recipe).toMatchObject({ generation_id: gid, image_id: '#001', title, run_mode: 'full', plan: 'blackbox_refine',
      models: { text: { provider: 'offline', model: 'offline-text-v1' }, image: { provider: 'offline', model: 'offline-image-v1', size: '1536x1024', quality: 'high' }, upscale: null } });
    expect(recipe!.prompt).toBe(fs.readFileSync(path.join(logs, `${gid}_final_prompt.txt`), 'utf8').trimEnd());
    expect(typeof recipe!.seed).toBe('number');
    expect(readIndex(logs)[0]).toMatchObject({ generation_id: gid, status: 'success', phase: 'complete' });
    expect(fs.existsSync(path.join(dir, '_artifacts', 'index'))).toBe(true);

    // Pixels: the saved image equals the uncaptioned provider image, encoded with the same JPEG settings, in every
    // 16-px JPEG block row above the strip (one block row of margin for chroma upsampling); the strip differs and holds text.
    const clean = await createImageProvider({ provider: 'offline' }).generate({ prompt: recipe!.prompt, size: '1536x1024', quality: 'high', moderation: 'low' });
    const cleanJpeg = await encodeJpeg(await decodeImage(clean.bytes), 90, recipe!);
    const a = await rgb(imagePath);
    const b = await rgb(cleanJpeg);
    expect([a.width, a.height]).toEqual([1536, 1024]);
    const strip = captionLayout(loadCaptionFont(null), `#001 - ${title}`, 1536, 1024).stripHeight;
    expect(strip).toBeGreaterThanOrEqual(40);
    const untouchedRows = Math.floor((a.height - strip) / 16) * 16 - 16;
    const rowBytes = a.width * 3;
    expect(a.data.subarray(0, untouchedRows * rowBytes).equals(b.data.subarray(0, untouchedRows * rowBytes))).toBe(true);
    let bright = 0; let dark = 0; let stripDiff = 0; let cleanBright = 0;
    for (let y = a.height - strip + 2; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const i = (y * a.width + x) * 3;
        const l = 0.299 * a.data[i]! + 0.587 * a.data[i + 1]! + 0.114 * a.data[i + 2]!;
        stripDiff += Math.abs(a.data[i]! - b.data[i]!);
        const lc = 0.299 * b.data[i]! + 0.587 * b.data[i + 1]! + 0.114 * b.data[i + 2]!;
        if (l > 200) bright++;
        if (lc > 200) cleanBright++;
        if (l < 60) dark++;
      }
    }
    // The strip is changed (how much depends on the drawn scene under it) and carries bright glyph pixels
    // that the clean image does not have there.
    expect(stripDiff / ((strip - 2) * a.width)).toBeGreaterThan(3);
    expect(bright - cleanBright).toBeGreaterThan(300);
    expect(dark).toBeGreaterThan(1000);

    const second = generate(dir);
    expect(second.status).toBe(0);
    expect(await readRecipe(second.stdout.trim())).toMatchObject({ image_id: '#002' });
    const text = fs.readFileSync(path.join(dir, '_artifacts', 'generated', 'titles_manifest.csv'), 'utf8');
    expect(parseCsvText(text).rows.map((r) => r.seq)).toEqual(['1', '2']);
    expect(readIndex(logs)).toHaveLength(2);

    // Two processes at once: distinct seqs 3 and 4, one header, intact shared files.
    const both = await Promise.all([generateAsync(dir), generateAsync(dir)]);
    expect(both.map((r) => r.status)).toEqual([0, 0]);
    const ids = await Promise.all(both.map(async (r) => (await readRecipe(r.stdout.trim()))!.image_id));
    expect(ids.sort()).toEqual(['#003', '#004']);
    const after = fs.readFileSync(path.join(dir, '_artifacts', 'generated', 'titles_manifest.csv'), 'utf8');
    expect(after.match(/^seq,/gm)).toHaveLength(1);
    expect(parseCsvText(after).rows.map((r) => r.seq).sort()).toEqual(['1', '2', '3', '4']);
    expect(readIndex(logs)).toHaveLength(4);
    expect(parseCsvText(fs.readFileSync(path.join(logs, 'generations_v2.csv'), 'utf8')).rows).toHaveLength(4);
  });

  it('a failing image call: exit 1, one failure line, final prompt kept, no image and no manifest row', () => {
    const dir = tempDir('cli-img');
    fs.writeFileSync(path.join(dir, 'cfg.yaml'), 'providers:\n  image: {provider: offline, error_rate: 1, max_retries: 0}\nprompt: {plan: direct}\n');
    const res = generate(dir, ['--config-path', 'cfg.yaml']);
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    const last = res.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^generate failed during phase image_pipeline: ProviderError: .+ \(oplog: .+_oplog\.log\)$/);
    const logs = path.join(dir, '_artifacts', 'logs');
    const [line] = readIndex(logs);
    expect(line).toMatchObject({ status: 'error', phase: 'image_pipeline', error: { type: 'ProviderError', phase: 'image_pipeline' } });
    const gid = line!.generation_id as string;
    expect(readJson(path.join(logs, `${gid}_transcript.json`)).error).toEqual(line!.error);
    expect(fs.existsSync(path.join(logs, `${gid}_final_prompt.txt`))).toBe(true);
    const generated = path.join(dir, '_artifacts', 'generated');
    expect(fs.existsSync(generated) ? fs.readdirSync(generated) : []).toEqual([]);
  });

  it('a config error: exit 2, one stderr line, nothing written', () => {
    const dir = tempDir('cli-cfg');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'run: {mode: sideways}\n');
    const res = generate(dir, ['--config-path', 'bad.yaml']);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^generate: Unknown run\.mode: sideways \(in \/.*bad\.yaml\)\n$/);
    expect(fs.readdirSync(dir)).toEqual(['bad.yaml']);
    const usage = generate(dir, ['--bogus']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("generate: unknown option '--bogus' (see image-project generate --help)\n");
    const missing = generate(dir, ['--config-path', 'nope.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`generate: Config file not found: ${path.join(fs.realpathSync(dir), 'nope.yaml')}\n`);
  });
});
