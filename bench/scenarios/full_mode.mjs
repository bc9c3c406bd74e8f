// Scenario 3 (issue 10): full mode per run. `experiments run ab_refinement_block --mode full` through the
// compiled CLI in a child process, on the instant offline providers (config file in the work dir):
//   - 100 runs with images (prompt, title, offline 1536x1024 image, caption strip, manifest row),
//   - 10 runs with images and Lanczos upscaling to a 3840 px long edge (--enable-upscale).
// Per-run cost = the execution window of experiment.log ("Executing" → "Wrote experiment results") / runs;
// the whole command (start-up, planning, index refresh) and its CPU time and peak RSS are reported too.
// The window includes the process's one-time warm-up (loading sharp and the font, starting the resampler's
// worker, JIT), which weighs most on the 10-run figure; a second, larger experiment (FULL_BENCH_MARGINAL_RUNS,
// FULL_BENCH_MARGINAL_UPSCALE_RUNS; 0 = skip) gives the steady-state cost of one more run:
// marginal = (window(N2) − window(N1)) / (N2 − N1).
// Targets: < 20 ms per run without upscaling, < 120 ms per run with. FULL_BENCH_RUNS / FULL_BENCH_UPSCALE_RUNS
// change the run counts (even numbers), FULL_BENCH_CONCURRENCY the --concurrency (default: the CLI's 4).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { calibrationMs, logSpanMs, machineNow, makeWorkspace, nodeFloorMs, r, runCli } from '../lib/measure.mjs';

const CONFIG = `# bench: instant offline providers
providers:
  text: {provider: offline, latency_ms: 0, max_concurrency: 16}
  image: {provider: offline, latency_ms: 0, max_concurrency: 16}
`;

function experiment(root, ws, name, runs, extra) {
  const out = path.join(ws, '_artifacts', 'experiments', name);
  rmSync(out, { recursive: true, force: true });
  const conc = process.env.FULL_BENCH_CONCURRENCY;
  const res = runCli(root, ['experiments', 'run', 'ab_refinement_block', '--runs', String(runs / 2), '--seed', '7', '--mode', 'full',
    '--output-root', out, ...(conc ? ['--concurrency', conc] : []), ...extra], { cwd: ws });
  const execMs = logSpanMs(path.join(out, 'experiment.log'), 'Executing ', 'Wrote experiment results');
  return {
    runs,
    ms_per_run: r(execMs / runs),
    command_ms: r(res.ms, 0),
    command_ms_per_run: r(res.ms / runs),
    cpu_ms_per_run: r(res.cpuMs / runs),
    peak_rss_mb: r(res.maxRssMb),
  };
}

export default async function run({ root, workDir }) {
  const machine = machineNow();
  const ws = makeWorkspace(workDir, CONFIG);
  const runs = Number(process.env.FULL_BENCH_RUNS ?? 100);
  const upRuns = Number(process.env.FULL_BENCH_UPSCALE_RUNS ?? 10);
  const calib = calibrationMs();
  const floor = nodeFloorMs();
  const images = experiment(root, ws, 'full_images', runs, []);
  const upscaled = experiment(root, ws, 'full_upscale', upRuns, ['--enable-upscale']);
  const marginal = (first, name, n2, extra) => {
    if (!(n2 > first.runs)) return null;
    const second = experiment(root, ws, name, n2, extra);
    const win = (x) => x.ms_per_run * x.runs;
    return { runs: n2, ms_per_run: second.ms_per_run, marginal_ms_per_run: r((win(second) - win(first)) / (n2 - first.runs)) };
  };
  images.steady_state = marginal(images, 'full_images_more', Number(process.env.FULL_BENCH_MARGINAL_RUNS ?? 200), []);
  upscaled.steady_state = marginal(upscaled, 'full_upscale_more', Number(process.env.FULL_BENCH_MARGINAL_UPSCALE_RUNS ?? 30), ['--enable-upscale']);
  const calibAfter = calibrationMs();
  const machineEnd = machineNow();
  const calibMid = (calib + calibAfter) / 2;
  return {
    machine_start: machine,
    machine_end: machineEnd,
    calibration_ms: { before: r(calib, 2), after: r(calibAfter, 2) },
    node_floor_ms: r(floor),
    images,
    upscale: upscaled,
    ratios: {
      images_ms_per_run_over_calibration: r(images.ms_per_run / calibMid, 2),
      upscale_ms_per_run_over_calibration: r(upscaled.ms_per_run / calibMid, 2),
      upscale_over_images_per_run: r(upscaled.ms_per_run / images.ms_per_run, 2),
      images_ms_per_run_over_target: r(images.ms_per_run / 20, 2),
      upscale_ms_per_run_over_target: r(upscaled.ms_per_run / 120, 2),
    },
    targets: {
      images_under_20_ms_per_run: images.ms_per_run < 20,
      upscale_under_120_ms_per_run: upscaled.ms_per_run < 120,
    },
  };
}
