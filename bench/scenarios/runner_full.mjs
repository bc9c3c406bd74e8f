// Full mode per run: ab_refinement_block --mode full (20 runs: prompt, title, offline 1536x1024 image,
// caption, manifest row) with the real run function, concurrency 1 and 4.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

export default async function run(ctx) {
  const { runExperiment } = await import(path.join(ctx.root, 'dist/experiments/runner.js'));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  fs.writeFileSync(path.join(ws, 'package.json'), '{}');
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const runs = 20;
  const figures = { planned_runs: runs };
  for (const c of [1, 4]) {
    const root = path.join(ws, '_artifacts', 'experiments', `full_c${c}`);
    const t0 = performance.now();
    const res = await runExperiment({
      name: 'ab_refinement_block',
      tokens: ['--runs', String(runs / 2), '--seed', '1', '--mode', 'full', '--output-root', root, '--concurrency', String(c)],
      cwd: ws,
      io: { stdout: () => undefined, stderr: sink, isTTY: false },
    });
    if (res.exitCode !== 0) throw new Error(`exit ${res.exitCode}`);
    figures[`ms_per_run_concurrency_${c}`] = Math.round((performance.now() - t0) / runs);
  }
  fs.rmSync(ws, { recursive: true, force: true });
  return figures;
}
