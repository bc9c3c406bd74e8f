import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, IOError } from '../../src/errors.js';
import { computeUpscaleTarget, createUpscaler, formatAspect, MISSING_BINARY_MESSAGE, parseAspectRatio } from '../../src/providers/index.js';

let tmp: string;
let src: Buffer;
const png = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#446688' } }).png().toBuffer();
const size = async (b: Buffer) => { const m = await sharp(b).metadata(); return [m.width, m.height]; };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-upscale-'));
  src = await png(192, 128);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stand-in realesrgan binary: records its argv, copies -i to -o (or fails on demand). */
function standIn(name: string, body = 'cp "$IN" "$OUT"'): { bin: string; argsFile: string } {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  fs.mkdirSync(path.join(dir, 'models'));
  for (const ext of ['param', 'bin']) fs.writeFileSync(path.join(dir, 'models', `realesrgan-x4plus.${ext}`), 'model');
  const argsFile = path.join(dir, 'args.txt');
  const bin = path.join(dir, 'realesrgan-ncnn-vulkan');
  fs.writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$@" > "${argsFile}"\nwhile [ $# -gt 0 ]; do case "$1" in -i) IN="$2"; shift;; -o) OUT="$2"; shift;; esac; shift; done\n${body}\n`);
  fs.chmodSync(bin, 0o755);
  return { bin, argsFile };
}

describe('upscale target (generation.md §6)', () => {
  it('follows the size/ratio/preserve rules', () => {
    expect(computeUpscaleTarget({ target_long_edge_px: 3840, target_aspect_ratio: '16:9' }, 1536, 1024)).toMatchObject({ width: 3840, height: 2160, desc: 'long_edge=3840 aspect=1.778' });
    expect(computeUpscaleTarget({ target_long_edge_px: 3840 }, 1536, 1024)).toMatchObject({ width: 3840, height: 2560, desc: 'long_edge=3840 (preserve aspect)' });
    expect(computeUpscaleTarget({ target_width_px: 2000, target_height_px: 1000, target_aspect_ratio: '4:3' }, 10, 10)).toMatchObject({ width: 2000, height: 1000, desc: '2000x1000' });
    expect(computeUpscaleTarget({ target_long_edge_px: 1000, target_aspect_ratio: [2, 3] }, 10, 10)).toMatchObject({ width: 667, height: 1000, desc: 'long_edge=1000 aspect=0.6667' });
    expect(computeUpscaleTarget({ target_long_edge_px: 1001, target_aspect_ratio: 2 }, 10, 10)).toMatchObject({ width: 1001, height: 501 });
    expect(computeUpscaleTarget({ target_long_edge_px: 3000 }, 1024, 1536)).toMatchObject({ width: 2000, height: 3000 });
  });
  it('parses every ratio spelling and rejects bad ones', () => {
    for (const v of ['16:9', '16/9', ' 16 : 9 ', [16, 9]]) expect(parseAspectRatio(v)).toBeCloseTo(16 / 9, 10);
    expect(parseAspectRatio('1.5')).toBe(1.5);
    expect(parseAspectRatio(1.5)).toBe(1.5);
    expect(parseAspectRatio(null)).toBeNull();
    for (const bad of ['wide', '0:9', -1, [1], [0, 2], '16:']) expect(() => parseAspectRatio(bad)).toThrow(ConfigError);
    expect(() => parseAspectRatio('wide')).toThrow('Invalid aspect ratio for upscale.target_aspect_ratio: wide');
    expect([formatAspect(1.5), formatAspect(16 / 9), formatAspect(1), formatAspect(21 / 9)]).toEqual(['1.5', '1.778', '1', '2.333']);
  });
});

describe('upscalers', () => {
  it('lanczos fits to the target (cover + centre crop) and logs the method', async () => {
    const lines: string[] = [];
    const u = createUpscaler({ enabled: true, target_long_edge_px: 400, target_aspect_ratio: '16:9' });
    const r = await u.run({ bytes: src, log: (l, m) => lines.push(`${l} ${m}`) });
    expect([r.width, r.height, r.method, r.engine, r.model]).toEqual([400, 225, 'lanczos', 'lanczos', 'lanczos3']);
    expect(await size(r.bytes)).toEqual([400, 225]);
    expect(lines).toEqual(['INFO Upscaling enabled: engine=lanczos model=lanczos3 target=long_edge=400 aspect=1.778 method=lanczos']);
  });

  it('copies when the size already matches or the long edge is reached', async () => {
    const same = await createUpscaler({ target_width_px: 192, target_height_px: 128 }).run({ bytes: src });
    expect(same.method).toBe('copy');
    expect(same.bytes).toBe(src);
    const big = await createUpscaler({ target_long_edge_px: 100 }).run({ bytes: src });
    expect([big.method, big.width, big.height]).toEqual(['copy', 192, 128]);
  });

  it('runs a Real-ESRGAN stand-in with the spec argument vector, then fits', async () => {
    const { bin, argsFile } = standIn('ok');
    const u = createUpscaler({ engine: 'realesrgan-ncnn-vulkan', realesrgan_binary: bin, target_long_edge_px: 300, tile_size: 128, tta: true });
    const r = await u.run({ bytes: src, generationId: 'G1_20260101_000000' });
    expect([r.method, r.width, r.height, r.model]).toEqual(['realesrgan', 300, 200, 'realesrgan-x4plus']);
    const args = fs.readFileSync(argsFile, 'utf8').trim().split('\n');
    const tmpDir = path.dirname(args[1]!);
    expect(args).toEqual([
      '-i', path.join(tmpDir, 'G1_20260101_000000.png'), '-o', path.join(tmpDir, 'G1_20260101_000000_x4.png'),
      '-n', 'realesrgan-x4plus', '-s', '4', '-t', '128', '-m', path.join(path.dirname(bin), 'models'), '-f', 'png', '-x',
    ]);
    expect(fs.existsSync(tmpDir)).toBe(false);
  });

  it('finds the binary through REALESRGAN_NCNN_VULKAN_PATH and PATH', async () => {
    const { bin } = standIn('env');
    const viaEnv = createUpscaler({ engine: 'realesrgan-ncnn-vulkan', target_long_edge_px: 300 }, { env: { REALESRGAN_NCNN_VULKAN_PATH: bin } });
    expect((await viaEnv.run({ bytes: src })).method).toBe('realesrgan');
    const viaPath = createUpscaler({ engine: 'realesrgan-ncnn-vulkan', target_long_edge_px: 300 }, { env: { PATH: path.dirname(bin) } });
    expect((await viaPath.run({ bytes: src })).method).toBe('realesrgan');
  });

  it('reports binary failures, missing models, missing binary, and the fallback', async () => {
    const failing = standIn('fail', 'echo "vkCreateInstance failed" >&2; exit 3');
    const u = createUpscaler({ engine: 'realesrgan-ncnn-vulkan', realesrgan_binary: failing.bin, target_long_edge_px: 300 });
    await expect(u.run({ bytes: src })).rejects.toThrow('Real-ESRGAN (ncnn-vulkan) failed. returncode=3. stdout= stderr=vkCreateInstance failed\n');
    const noModels = standIn('nomodel');
    fs.rmSync(path.join(path.dirname(noModels.bin), 'models', 'realesrgan-x4plus.bin'));
    await expect(createUpscaler({ engine: 'realesrgan-ncnn-vulkan', realesrgan_binary: noModels.bin, target_long_edge_px: 300 }).run({ bytes: src }))
      .rejects.toThrow(`Real-ESRGAN model files missing: ${path.join(path.dirname(noModels.bin), 'models', 'realesrgan-x4plus.bin')}`);
    await expect(createUpscaler({ engine: 'realesrgan-ncnn-vulkan', realesrgan_binary: failing.bin, model_path: path.join(tmp, 'nope'), target_long_edge_px: 300 }).run({ bytes: src }))
      .rejects.toThrow(`Real-ESRGAN model directory not found: ${path.join(tmp, 'nope')}`);
    const none = { env: { PATH: tmp } };
    const missing = createUpscaler({ engine: 'realesrgan-ncnn-vulkan', target_long_edge_px: 300 }, none);
    const err = await missing.run({ bytes: src }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IOError);
    expect((err as Error).message).toBe(MISSING_BINARY_MESSAGE);
    const lines: string[] = [];
    const fb = await createUpscaler({ engine: 'realesrgan-ncnn-vulkan', target_long_edge_px: 300, allow_fallback_resize: true }, none)
      .run({ bytes: src, log: (l, m) => lines.push(`${l} ${m}`) });
    expect([fb.method, fb.width, fb.height]).toEqual(['lanczos_fallback', 300, 200]);
    expect(lines).toEqual(['WARNING Upscaling enabled: engine=realesrgan-ncnn-vulkan model=realesrgan-x4plus target=long_edge=300 (preserve aspect) method=lanczos_fallback']);
  });

  it('kills a hung binary after the timeout', async () => {
    const { bin } = standIn('hang', 'sleep 30');
    const u = createUpscaler({ engine: 'realesrgan-ncnn-vulkan', realesrgan_binary: bin, target_long_edge_px: 300 }, { realesrganTimeoutMs: 300 });
    await expect(u.run({ bytes: src })).rejects.toThrow('Real-ESRGAN (ncnn-vulkan) timed out after 0.3 s');
  });
});
