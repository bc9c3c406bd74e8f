// Scenario 7 (issue 10): peak RSS of the runner and the indexer, each measured in its own child process
// (process.resourceUsage().maxRSS of the compiled CLI, see bench/lib/usage-wrapper.mjs).
//   - runner: scenario 2's workload, `experiments run ab_refinement_block --runs 500` (1000 prompt_only runs)
//     on the instant offline providers (config file in the work dir), including the closing index refresh;
//   - indexer: scenario 6's synthetic trees (bench/.work/index_scale/runs_<N>/_artifacts, built by the index_scale
//     scenario; the 10k tree is built here through it when missing): `index-artifacts --rebuild` (cold) and an
//     unchanged re-index. MEMORY_BENCH_INDEX_SIZES (default: 10000, plus 50000 when that tree exists).
// Target (issue 8): indexing 50k runs under 300 MB. The runner has no stated target; its figure is per planned run too.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineNow, makeWorkspace, nodeFloorMs, r, runCli } from '../lib/measure.mjs';

const CONFIG = `# bench: instant offline providers
providers:
  text: {provider: offline, latency_ms: 0, max_concurrency: 16}
  image: {provider: offline, latency_ms: 0, max_concurrency: 16}
`;

async function ensureTree(root, benchDir, n) {
  const tree = path.join(benchDir, '.work', 'index_scale', `runs_${n}`, '_artifacts');
  if (existsSync(path.join(tree, '.complete'))) return tree;
  const previous = process.env.INDEX_BENCH_SIZES;
  process.env.INDEX_BENCH_SIZES = String(n);
  try {
    const mod = await import(pathToFileURL(path.join(benchDir, 'scenarios', 'index_scale.mjs')).href);
    await mod.default({ root, workDir: path.join(benchDir, '.work', 'index_scale') });
  } finally {
    if (previous === undefined) delete process.env.INDEX_BENCH_SIZES;
    else process.env.INDEX_BENCH_SIZES = previous;
  }
  return tree;
}

export default async function run({ root, workDir }) {
  const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url))); // trees live in this checkout's bench/.work
  const start = machineNow();
  const floor = nodeFloorMs();
  // the floor: a CLI that loads little (--version) gives the baseline RSS of Node + the CLI shell
  const baseline = runCli(root, ['--version'], { cwd: root });

  const ws = makeWorkspace(path.join(workDir, 'runner'), CONFIG);
  const out = path.join(ws, '_artifacts', 'experiments', 'prompt_only_1000');
  rmSync(path.join(ws, '_artifacts'), { recursive: true, force: true });
  const runs = Number(process.env.MEMORY_BENCH_RUNS ?? 1000);
  const runner = runCli(root, ['experiments', 'run', 'ab_refinement_block', '--runs', String(runs / 2), '--seed', '1', '--output-root', out], { cwd: ws });
  const runnerFig = {
    planned_runs: runs,
    peak_rss_mb: r(runner.maxRssMb),
    peak_rss_over_baseline: r(runner.maxRssMb / baseline.maxRssMb, 2),
    wall_ms: r(runner.ms, 0),
    cpu_ms: r(runner.cpuMs, 0),
    load_1m_after: machineNow().loadavg_1_5_15[0],
  };
  rmSync(path.join(ws, '_artifacts'), { recursive: true, force: true });

  const sizes = (process.env.MEMORY_BENCH_INDEX_SIZES ?? '').split(',').filter(Boolean).map(Number);
  if (sizes.length === 0) {
    sizes.push(10000);
    if (existsSync(path.join(benchDir, '.work', 'index_scale', 'runs_50000', '_artifacts', '.complete'))) sizes.push(50000);
  }
  const indexer = {};
  for (const n of sizes) {
    const tree = await ensureTree(root, benchDir, n);
    const cold = runCli(root, ['index-artifacts', '--artifacts-root', tree, '--rebuild'], { cwd: root, expectStatus: null });
    const unchanged = runCli(root, ['index-artifacts', '--artifacts-root', tree], { cwd: root, expectStatus: null });
    for (const [label, res] of [['cold', cold], ['unchanged', unchanged]]) {
      if (res.status !== 0 && res.status !== 1) throw new Error(`index-artifacts (${label}, ${n}) exited ${res.status}: ${res.stderr.slice(-800)}`);
    }
    indexer[`runs_${n}`] = {
      cold_peak_rss_mb: r(cold.maxRssMb),
      cold_wall_ms: r(cold.ms, 0),
      unchanged_peak_rss_mb: r(unchanged.maxRssMb),
      unchanged_wall_ms: r(unchanged.ms, 0),
      cold_peak_rss_over_baseline: r(cold.maxRssMb / baseline.maxRssMb, 2),
    };
  }
  const i50 = indexer.runs_50000;
  return {
    machine_start: start,
    machine_end: machineNow(),
    node_floor_ms: r(floor),
    baseline_cli_version_peak_rss_mb: r(baseline.maxRssMb),
    runner_prompt_only: runnerFig,
    indexer,
    targets: { indexer_50k_under_300_mb: i50 ? i50.cold_peak_rss_mb < 300 : null },
  };
}
