import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic, writeJsonAtomicSync } from '../../src/artifacts/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_ARTIFACTS = path.join(ROOT, 'dist/artifacts/index.js');
const WRITER = path.join(import.meta.dirname, 'fixtures/jsonWriter.mjs');
const SIZE = 400_000;

function assertWhole(file: string): number {
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; body: string };
  expect(value.body).toBe(String(value.version % 10).repeat(SIZE));
  return value.version;
}

describe('atomic JSON writes', () => {
  it('a writer killed mid-write leaves the old or the new file, never a partial one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-json-kill-'));
    const file = path.join(dir, 'experiment_results.json');
    const versions: number[] = [];
    for (let round = 0; round < 4; round++) {
      const child = fork(WRITER, [DIST_ARTIFACTS, file, String(SIZE)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve) => child.once('message', () => resolve()));
      // Let it rewrite the file a few more times, then kill it at an arbitrary instant.
      await new Promise((r) => setTimeout(r, 40 + round * 37));
      child.kill('SIGKILL');
      await exited;
      versions.push(assertWhole(file));
    }
    expect(versions.every((v) => v >= 1)).toBe(true);
    // Left-over temp files of killed writers are hidden dot-files, never the target itself.
    for (const name of fs.readdirSync(dir)) {
      if (name !== 'experiment_results.json') expect(name).toMatch(/^\.experiment_results\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
    }
  }, 30_000);

  it('writes pretty JSON with a trailing newline, creating folders, and replaces the old content', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-json-'));
    const file = path.join(dir, 'a', 'b', 'plan.json');
    await writeJsonAtomic(file, { a: 1 });
    writeJsonAtomicSync(file, { b: [1, 2] });
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "b": [\n    1,\n    2\n  ]\n}\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['plan.json']);
  });
});
