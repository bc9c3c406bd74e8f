/** Spawning the compiled CLI in a temp workspace. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonl } from '../../src/artifacts/index.js';
import { tempDir } from './fakes.js';
import type { JsonObject } from '../../src/experiments/types.js';

export const BIN = path.resolve(__dirname, '../../bin/image-project.js');

/** A workspace on the built-in defaults (a package.json marker, no config file). */
export function workspace(config?: string): string {
  const ws = tempDir('exp-cli-');
  fs.writeFileSync(path.join(ws, 'package.json'), '{"name":"ws"}\n');
  if (config !== undefined) {
    fs.mkdirSync(path.join(ws, 'config'));
    fs.writeFileSync(path.join(ws, 'config', 'config.yaml'), config);
  }
  return ws;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, IMAGE_PROJECT_CONFIG: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI and SIGKILL it after `ms`. */
export function cliKilledAfter(cwd: string, args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: { ...process.env, IMAGE_PROJECT_CONFIG: '' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function json(file: string): JsonObject {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;
}

export function runsIndex(root: string): JsonObject[] {
  const file = path.join(root, 'logs', 'runs_index.jsonl');
  return fs.existsSync(file) ? parseJsonl<JsonObject>(fs.readFileSync(file, 'utf8')).records : [];
}

export function plannedIds(root: string): string[] {
  return (json(path.join(root, 'experiment_plan_full.json'))['planned_runs_full'] as JsonObject[]).map((r) => r['generation_id'] as string);
}
