// Scenario: index-artifacts at scale. Builds synthetic artifact trees of 10,000 and 50,000 runs
// (100 runs per experiment, full mode: plan, runs_index.jsonl, titles manifest, generations CSV, and the
// per-run transcript/oplog/final-prompt/image files a real tree has), then runs the compiled CLI in a
// child process: cold index, unchanged re-index, and a re-index after one appended runs_index line.
// Peak memory = the child's process.resourceUsage().maxRSS; `*_cpu_ms` = the child's user+system CPU time,
// which a busy machine distorts far less than wall time (the load average is recorded too). Targets: 10k cold < 2 s, unchanged < 0.3 s,
// 50k cold < 10 s with peak RSS < 300 MB.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS_PER_EXPERIMENT = 100;
const PROMPT = 'A quiet harbor at dusk, lanterns reflected on wet cobblestones, a lone cat on a mooring post, ' +
  'painted in a moody baroque palette with deep umber shadows and warm amber highlights, wide 3:2 composition, ' +
  'soft volumetric haze, fine brush texture, no text. '.repeat(3);
const PIPELINE = {
  plan: 'custom', stages_include: [], stages_exclude: [], capture_stage: 'ab.final_prompt_format',
  resolved_stages: ['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'ab.final_prompt_format'],
  stage_overrides: {}, requested_plan: 'custom', refinement_mode: 'explicit_stages', context_injection: 'config',
  stage_io: Object.fromEntries(['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'ab.final_prompt_format']
    .map((s) => [s, { requires: ['ab_random_token'], provides: ['ab_scene_draft'], captures: ['ab_scene_draft'] }])),
};

function buildTree(root, totalRuns) {
  const marker = path.join(root, '.complete');
  if (existsSync(marker)) return;
  rmSync(root, { recursive: true, force: true });
  const experiments = Math.ceil(totalRuns / RUNS_PER_EXPERIMENT);
  for (let e = 0; e < experiments; e++) {
    const stamp = `2026${String(1 + (e % 12)).padStart(2, '0')}${String(1 + (e % 28)).padStart(2, '0')}_${String(100000 + e).slice(-6)}`;
    const dirName = `${stamp}_ab_bench_${e}`;
    const dir = path.join(root, 'experiments', dirName);
    const logs = path.join(dir, 'logs');
    const gen = path.join(dir, 'generated');
    mkdirSync(logs, { recursive: true });
    mkdirSync(gen, { recursive: true });
    const expId = `ab_bench_${stamp}_${e}`;
    const planned = [];
    let jsonl = '';
    let manifest = 'seq,title,generation_id,image_prompt,image_path,created_at,model,size,quality,seed,title_source,title_raw\r\n';
    let gens = 'generation_id,selected_concepts,final_image_prompt,image_path,created_at,seed\r\n';
    for (let i = 0; i < RUNS_PER_EXPERIMENT; i++) {
      const variant = i % 2 === 0 ? 'A' : 'B';
      const run = Math.floor(i / 2) + 1;
      const gid = `${variant}${run}_${stamp}_${String(e).padStart(6, '0')}-${String(i).padStart(4, '0')}-4b2d-9b5d-ab8dfbbd4bed`;
      const seed = 1000 + run;
      const created = `2026-01-20T15:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
      const image = path.join(gen, `${gid}_image.jpg`);
      planned.push({ variant, variant_name: `${variant}_variant`, plan: 'custom', run, generation_id: gid, seed, random_token: `RV-${seed}` });
      jsonl += `${JSON.stringify({
        schema_version: 1, generation_id: gid, created_at: created, seed, status: i % 17 === 0 ? 'error' : 'success', phase: 'complete',
        run_mode: 'full', experiment: { id: expId, variant: `${variant}_variant`, notes: 'bench notes', tags: ['ab', `set:${variant}`, `run:${run}`] },
        prompt_pipeline: PIPELINE,
        artifacts: {
          transcript: path.join(logs, `${gid}_transcript.json`), oplog: path.join(logs, `${gid}_oplog.log`),
          final_prompt: path.join(logs, `${gid}_final_prompt.txt`), image, upscaled_image: null,
        },
        finished_at: created, duration_ms: 1234, usage: { calls: 4, input_tokens: 1200, output_tokens: 800 },
      })}\n`;
      manifest += `${i + 1},Quiet Harbor ${i},${gid},"${PROMPT}",${image},${created},gpt-image-1,1536x1024,high,,llm,Quiet Harbor ${i}\r\n`;
      gens += `${gid},"[""Cat"", ""Moody"", ""Baroque""]","${PROMPT}",${image},${created},${seed}\r\n`;
      for (const f of [`${gid}_transcript.json`, `${gid}_oplog.log`, `${gid}_final_prompt.txt`]) writeFileSync(path.join(logs, f), '');
      writeFileSync(image, '');
    }
    writeFileSync(path.join(dir, 'experiment_plan.json'), JSON.stringify({
      schema_version: 1, kind: 'experiment_plan', generated_at: '2026-01-20T15:15:00Z', experiment_name: 'ab_bench', experiment_id: expId,
      output_root: dir, run_mode: 'full', config_meta: null, plugin: { ref: 'builtin:ab_bench', summary: 'bench' },
      runner: { standard_overrides: {}, flags: {} }, experiment_args: {}, experiment_meta: { base_seed: 1000 }, planned_runs: planned,
    }, null, 2));
    writeFileSync(path.join(dir, 'experiment_plan_full.json'), '{}');
    writeFileSync(path.join(dir, 'experiment_results.json'), '{"schema_version": 1, "kind": "experiment_results", "results": []}');
    writeFileSync(path.join(logs, 'runs_index.jsonl'), jsonl);
    writeFileSync(path.join(gen, 'titles_manifest.csv'), manifest);
    writeFileSync(path.join(logs, 'generations_v2.csv'), gens);
  }
  writeFileSync(marker, '');
}

function runIndexer(benchRoot, bin, root, extra = []) {
  const wrapper = path.join(benchRoot, 'measure.mjs');
  writeFileSync(wrapper, [
    'const [bin, ...args] = process.argv.slice(2);',
    'process.argv = [process.argv[0], bin, ...args];',
    "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nMAXRSS_KB=${u.maxRSS} CPU_US=${u.userCPUTime + u.systemCPUTime}\\n`); });",
    'await import(bin);',
  ].join('\n'));
  const t0 = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [wrapper, bin, 'index-artifacts', '--artifacts-root', root, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`index-artifacts exited ${res.status}: ${res.stderr.slice(0, 2000)}`);
  const rss = Number(/MAXRSS_KB=(\d+)/.exec(res.stderr)?.[1] ?? 'NaN');
  const cpuMs = Number(/CPU_US=(\d+)/.exec(res.stderr)?.[1] ?? 'NaN') / 1000;
  const counts = JSON.parse(res.stdout.split(/\n(?=\{)/)[0]);
  return { ms, cpuMs, rssMb: rss / 1024, counts };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export default async function run({ root: repo, workDir }) {
  const bin = path.join(repo, 'bin', 'image-project.js');
  mkdirSync(workDir, { recursive: true });
  const sizes = (process.env.INDEX_BENCH_SIZES ?? '10000,50000').split(',').map(Number);
  const figures = {};
  for (const n of sizes) {
    // INDEX_BENCH_TREES: a folder holding the synthetic trees, shared between runs (e.g. both builds of
    // bench/compare-builds.mjs index the same trees; the scenario only ever touches `<tree>/index`).
    const root = path.join(process.env.INDEX_BENCH_TREES ?? workDir, `runs_${n}`, '_artifacts');
    const t0 = Date.now();
    buildTree(root, n);
    const buildS = (Date.now() - t0) / 1000;
    rmSync(path.join(root, 'index'), { recursive: true, force: true });
    const cold = runIndexer(workDir, bin, root);
    if (cold.counts.runs_in_run_registry !== n) throw new Error(`expected ${n} runs, got ${cold.counts.runs_in_run_registry}`);
    const unchanged = [0, 1, 2].map(() => runIndexer(workDir, bin, root));
    if (unchanged.some((u) => u.counts.sources_parsed !== 0)) throw new Error('unchanged re-index parsed sources');
    // one more line in one experiment: only that file is parsed
    const someLog = path.join(root, 'experiments', readdirSync(path.join(root, 'experiments')).sort()[0], 'logs', 'runs_index.jsonl');
    const originalSize = statSync(someLog).size;
    appendFileSync(someLog, `${JSON.stringify({ schema_version: 1, generation_id: `Z1_bench_${Date.now()}`, status: 'success', created_at: '2026-02-01T00:00:00Z' })}\n`);
    const appended = runIndexer(workDir, bin, root);
    const rebuild = runIndexer(workDir, bin, root, ['--rebuild']);
    truncateSync(someLog, originalSize); // leave the tree as built, for the next bench run
    const floor = median([0, 1, 2].map(() => {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0']);
      return Number(process.hrtime.bigint() - t) / 1e6;
    }));
    figures[`runs_${n}`] = {
      tree_build_s: r(buildS),
      cold_ms: r(cold.ms),
      cold_cpu_ms: r(cold.cpuMs),
      cold_peak_rss_mb: r(cold.rssMb),
      unchanged_ms_median: r(median(unchanged.map((u) => u.ms))),
      unchanged_cpu_ms_median: r(median(unchanged.map((u) => u.cpuMs))),
      unchanged_peak_rss_mb: r(median(unchanged.map((u) => u.rssMb))),
      one_line_appended_ms: r(appended.ms),
      one_line_appended_sources_parsed: appended.counts.sources_parsed,
      rebuild_ms: r(rebuild.ms),
      rebuild_cpu_ms: r(rebuild.cpuMs),
      rebuild_peak_rss_mb: r(rebuild.rssMb),
      one_line_appended_cpu_ms: r(appended.cpuMs),
      node_startup_floor_ms: r(floor),
      load_average_1m: r(os.loadavg()[0], 2),
      counts: cold.counts,
    };
  }
  const t = (n, k) => figures[`runs_${n}`]?.[k];
  figures.targets = {
    cold_10k_under_2000_ms: t(10000, 'cold_ms') === undefined ? null : t(10000, 'cold_ms') < 2000,
    unchanged_10k_under_300_ms: t(10000, 'unchanged_ms_median') === undefined ? null : t(10000, 'unchanged_ms_median') < 300,
    cold_50k_under_10000_ms: t(50000, 'cold_ms') === undefined ? null : t(50000, 'cold_ms') < 10000,
    peak_rss_50k_under_300_mb: t(50000, 'cold_peak_rss_mb') === undefined ? null : Math.max(t(50000, 'cold_peak_rss_mb'), t(50000, 'rebuild_peak_rss_mb')) < 300,
  };
  return figures;
}
