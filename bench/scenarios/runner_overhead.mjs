// Runner's own cost per planned run: 1000 prompt_only runs (ab_refinement_block --runs 500) with the
// run function replaced by an instant double, so only planning (parse + compile preview), plan files,
// scheduling, results and logging are measured. Phases are read from experiment.log timestamps.
// `marginal_ms_per_run` = (t(1000) − t(200)) / 800 removes one-off costs (lazy module loading, config load).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

const stamp = (line) => {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/.exec(line);
  return m ? new Date(`${m[1]}T${m[2]}.${m[3]}`).getTime() : NaN;
};

export default async function run(ctx) {
  const { runExperiment } = await import(path.join(ctx.root, 'dist/experiments/runner.js'));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  fs.writeFileSync(path.join(ws, 'package.json'), '{}');
  const root = path.join(ws, '_artifacts', 'experiments', 'overhead');
  const services = {
    runGeneration: async (cfg, o) => ({
      generationId: o.generationId, status: 'success', imagePath: null, finalPrompt: 'p',
      outputs: { prompt_pipeline: null, image_prompt: 'p' }, error: null, durationMs: 0,
    }),
    checkProviders: async () => undefined,
    updateIndex: async () => ({}),
  };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const timed = async (n, out) => {
    const t0 = performance.now();
    const res = await runExperiment({
      name: 'ab_refinement_block',
      tokens: ['--runs', String(n / 2), '--seed', '1', '--output-root', out],
      cwd: ws,
      services,
      io: { stdout: () => undefined, stderr: sink, isTTY: false },
    });
    if (res.exitCode !== 0) throw new Error(`exit ${res.exitCode}`);
    return performance.now() - t0;
  };
  const runs = 1000;
  const totalMs = await timed(runs, root);
  const smallMs = await timed(200, path.join(ws, '_artifacts', 'experiments', 'small'));
  const againMs = await timed(runs, path.join(ws, '_artifacts', 'experiments', 'again'));
  const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8').split('\n');
  const at = (needle) => stamp(log.find((l) => l.includes(needle)) ?? '');
  const planning = at('Wrote expanded experiment plan') - at('Loaded built-in default config');
  const execution = at('Wrote experiment results') - at('Executing ');
  fs.rmSync(ws, { recursive: true, force: true });
  return {
    planned_runs: runs,
    total_ms: Math.round(totalMs),
    ms_per_run: +(totalMs / runs).toFixed(3),
    warm_ms_per_run: +(againMs / runs).toFixed(3),
    marginal_ms_per_run: +((againMs - smallMs) / (runs - 200)).toFixed(3),
    planning_ms_per_run: +(planning / runs).toFixed(3),
    execution_ms_per_run: +(execution / runs).toFixed(3),
    target_ms_per_run: 1.7,
  };
}
