// Tests that spawn the CLI run the compiled JS in dist/, so build once before the suite.
// Type errors are printed but do not stop the emit (vitest type-strips TS itself); `npm run build`
// is the strict gate.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (res.status !== 0) process.stderr.write(`tsc reported errors (emit continues):\n${res.stdout}${res.stderr}\n`);
}
