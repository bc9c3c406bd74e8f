/**
 * Real-ESRGAN (ncnn-vulkan) as an external binary (generation.md §6): binary lookup, model checks,
 * and one ×4 run in a temporary folder with the spec's argument vector (no shell).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IOError } from '../errors.js';
import type { UpscaleConfig } from './config.js';

export const REALESRGAN_NAMES = [
  'realesrgan-ncnn-vulkan',
  'realesrgan-ncnn-vulkan.exe',
  'realesrgan-ncnn-vulkan-cli',
  'realesrgan-ncnn-vulkan-cli.exe',
];

export const MISSING_BINARY_MESSAGE =
  'Upscaling is enabled but realesrgan-ncnn-vulkan was not found. Put it on PATH, set REALESRGAN_NCNN_VULKAN_PATH, or set upscale.realesrgan_binary.';

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First existing binary of `upscale.realesrgan_binary`, env `REALESRGAN_NCNN_VULKAN_PATH`, then PATH. */
export function findRealesrganBinary(
  cfg: Pick<UpscaleConfig, 'realesrgan_binary'>,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  for (const candidate of [cfg.realesrgan_binary, env.REALESRGAN_NCNN_VULKAN_PATH]) {
    if (candidate && candidate.trim() && isFile(candidate.trim())) return path.resolve(candidate.trim());
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of REALESRGAN_NAMES) {
      const full = path.join(dir, name);
      if (isFile(full) && (name.endsWith('.exe') || isExecutable(full))) return full;
    }
  }
  return null;
}

/** Model directory with `<model_name>.param` and `.bin`; throws the spec's errors. */
export function resolveModelDir(cfg: Pick<UpscaleConfig, 'model_path' | 'model_name'>, binary: string): string {
  const dir = cfg.model_path ? path.resolve(cfg.model_path) : path.join(path.dirname(binary), 'models');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new IOError(`Real-ESRGAN model directory not found: ${dir}`);
  const missing = ['.param', '.bin'].map((ext) => path.join(dir, `${cfg.model_name}${ext}`)).filter((p) => !isFile(p));
  if (missing.length > 0) throw new IOError(`Real-ESRGAN model files missing: ${missing.join(', ')}`);
  return dir;
}

export interface RealesrganRun {
  binary: string;
  modelDir: string;
  modelName: string;
  tileSize: number;
  tta: boolean;
  /** Used for the temp file names. */
  generationId: string;
  timeoutMs?: number;
}

/** The argument vector of generation.md §6 (exported for tests and the docs). */
export function realesrganArgs(run: RealesrganRun, input: string, output: string): string[] {
  const args = ['-i', input, '-o', output, '-n', run.modelName, '-s', '4', '-t', String(run.tileSize), '-m', run.modelDir, '-f', 'png'];
  if (run.tta) args.push('-x');
  return args;
}

const tail = (s: string) => s.slice(-2000);

/** Upscales PNG bytes ×4 with the binary; returns the output PNG bytes. */
export async function runRealesrgan(run: RealesrganRun, png: Buffer): Promise<Buffer> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'image-project-realesrgan-'));
  const safeId = run.generationId.replace(/[^A-Za-z0-9_.-]/g, '_') || 'image';
  const input = path.join(tmp, `${safeId}.png`);
  const output = path.join(tmp, `${safeId}_x4.png`);
  const timeoutMs = run.timeoutMs ?? 600_000;
  try {
    writeFileSync(input, png);
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve, reject) => {
      // Own process group, so a timeout kills helpers the binary (or a wrapper script) started.
      const child = spawn(run.binary, realesrganArgs(run, input, output), { stdio: ['ignore', 'pipe', 'pipe'], shell: false, detached: process.platform !== 'win32' });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (d: Buffer) => { stdout = tail(stdout + d.toString()); });
      child.stderr.on('data', (d: Buffer) => { stderr = tail(stderr + d.toString()); });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new IOError(`Real-ESRGAN (ncnn-vulkan) could not be started: ${run.binary}: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, timedOut });
      });
    });
    if (result.timedOut) throw new IOError(`Real-ESRGAN (ncnn-vulkan) timed out after ${Math.round(timeoutMs / 100) / 10} s`);
    if (result.code !== 0) {
      throw new IOError(
        `Real-ESRGAN (ncnn-vulkan) failed. returncode=${result.code ?? -1}. stdout=${result.stdout} stderr=${result.stderr}`,
      );
    }
    if (!isFile(output)) {
      throw new IOError(`Real-ESRGAN (ncnn-vulkan) failed. returncode=0. stdout=${result.stdout} stderr=${result.stderr} (no output file ${output})`);
    }
    return readFileSync(output);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
