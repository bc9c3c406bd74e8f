// End-to-end cost per planned run: 1000 prompt_only runs (ab_refinement_block --runs 500) with the real
// run function on the instant offline providers, in process. Planning (config parse + compile preview
// per run) and execution are reported separately from experiment.log timestamps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

const stamp = (line) => {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/.exec(line);
  return m ? new Date(`${m[1]}T${m[2]}.${m[3]}`).getTime() : NaN;
};

export default async function run(ctx) {
  const runs = Number(process.env.RUNNER_BENCH_RUNS ?? 1000);
  const { runExperiment } = await import(path.join(ctx.root, 'dist/experiments/runner.js'));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  fs.writeFileSync(path.join(ws, 'package.json'), '{}');
  const root = path.join(ws, '_artifacts', 'experiments', 'prompt_only');
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const t0 = performance.now();
  const res = await runExperiment({
    name: 'ab_refinement_block',
    tokens: ['--runs', String(runs / 2), '--seed', '1', '--output-root', root, '--concurrency', '4'],
    cwd: ws,
    io: { stdout: () => undefined, stderr: sink, isTTY: false },
  });
  const totalMs = performance.now() - t0;
  if (res.exitCode !== 0) throw new Error(`exit ${res.exitCode}`);
  const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8').split('\n');
  const at = (needle) => stamp(log.find((l) => l.includes(needle)) ?? '');
  const planning = at('Wrote expanded experiment plan') - at('Loaded built-in default config');
  const execution = at('Wrote experiment results') - at('Executing ');
  const planFullMb = fs.statSync(path.join(root, 'experiment_plan_full.json')).size / 2 ** 20;
  fs.rmSync(ws, { recursive: true, force: true });
  return {
    planned_runs: runs,
    total_ms: Math.round(totalMs),
    ms_per_run: +(totalMs / runs).toFixed(2),
    planning_ms_per_run: +(planning / runs).toFixed(2),
    execution_ms_per_run: +(execution / runs).toFixed(2),
    plan_full_mb: +planFullMb.toFixed(1),
    target_ms_per_run: 1.7,
  };
}
