import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'image-project.js');

function cli(args: string[]) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-main-'));
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
}

describe('image-project (top level)', () => {
  it('--help lists every command', () => {
    const res = cli(['--help']);
    expect(res.status).toBe(0);
    for (const cmd of ['generate', 'config', 'list-stages', 'list-plans', 'pipeline', 'experiments', 'index-artifacts', 'query', 'run-review']) {
      expect(res.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    }
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const res = cli(['--version']);
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [['bogus'], "image-project: unknown command 'bogus' (see image-project --help)"],
    [['list-plans', '--zzz'], "image-project: unknown option '--zzz' (see image-project --help)"],
  ])('usage error %j: exit 2 and one stderr line, no stack', (args, line) => {
    const res = cli(args);
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`${line}\n`);
  });
});
