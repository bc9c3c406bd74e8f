// --concurrency 16 vs 1 over 200 prompt_only runs with offline latency_ms: 100 and max_concurrency: 16
// (each run makes 3 text calls), via the CLI. Target: at least 12x faster.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default async function run(ctx) {
  const runs = Number(process.env.RUNNER_BENCH_CONC_RUNS ?? 200);
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  fs.mkdirSync(path.join(ws, 'config'));
  fs.writeFileSync(path.join(ws, 'config', 'config.yaml'),
    'providers:\n  text: {provider: offline, latency_ms: 100, max_concurrency: 16}\n  image: {provider: offline, latency_ms: 100, max_concurrency: 16}\n');
  const bin = path.join(ctx.root, 'bin', 'image-project.js');
  const time = (c) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'experiments', 'run', 'ab_refinement_block', '--runs', String(runs / 2), '--seed', '1',
      '--concurrency', String(c), '--output-root', path.join(ws, '_artifacts', 'experiments', `c${c}`)], { cwd: ws, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`concurrency ${c}: exit ${r.status}: ${r.stderr.slice(-500)}`);
    return performance.now() - t0;
  };
  const c16 = time(16);
  const c1 = time(1);
  fs.rmSync(ws, { recursive: true, force: true });
  return {
    planned_runs: runs,
    concurrency_1_s: +(c1 / 1000).toFixed(2),
    concurrency_16_s: +(c16 / 1000).toFixed(2),
    speedup: +(c1 / c16).toFixed(1),
    target_speedup: 12,
  };
}
