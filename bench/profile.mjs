#!/usr/bin/env node
// CPU profile of one bench scenario: `node bench/profile.mjs <scenario> [--top N] [--proc N]`.
// Runs the scenario in a child `node --cpu-prof` process (same ctx as bench/run.mjs), then summarises the
// .cpuprofile of the busiest process: self time per source area (dist/<area>/ shown as src/<area>/,
// node_modules/<pkg>, node: internals, GC/idle), time per owning project area (native and library time charged
// to the nearest project frame), top functions by self time, and native calls by the project frame that made
// them. Writes the summary to bench/profiles/<scenario>.txt (the raw .cpuprofile stays in bench/.work/cpuprof/).
// Run `npx tsc -p .` first. Env vars of the scenario (e.g. RUNNER_BENCH_RUNS) pass through.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

if (process.argv[2] === '--child') {
  const name = process.argv[3];
  const mod = await import(pathToFileURL(path.join(here, 'scenarios', `${name}.mjs`)).href);
  const figures = await mod.default({ root, workDir: path.join(here, '.work', `profile_${name}`) });
  process.stdout.write(`FIGURES ${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const name = process.argv[2];
const topN = Number(process.argv[process.argv.indexOf('--top') + 1]) || 30;
if (!name) {
  console.error('usage: node bench/profile.mjs <scenario> [--top N] [--proc N]');
  process.exit(2);
}
const profDir = path.join(here, '.work', 'cpuprof', name);
rmSync(profDir, { recursive: true, force: true });
mkdirSync(profDir, { recursive: true });
const loadStart = (await import('node:os')).loadavg();
// BENCH_CPU_PROF_DIR: CLI children started through bench/lib/measure.mjs runCli() are profiled too (full_mode, memory).
const res = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250', fileURLToPath(import.meta.url), '--child', name],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26, env: { ...process.env, BENCH_CPU_PROF_DIR: profDir } });
if (res.status !== 0) {
  console.error(`profile: scenario ${name} exited ${res.status}\n${res.stdout.slice(-2000)}`);
  process.exit(1);
}
const figures = JSON.parse(/FIGURES (.*)/.exec(res.stdout)?.[1] ?? 'null');
// the busiest process, idle and spawnSync waits aside (the scenario itself, or the CLI child doing the work); `--proc N` picks the N-th busiest
const profiles = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => {
  const p = JSON.parse(readFileSync(path.join(profDir, f), 'utf8'));
  const waiting = new Set(p.nodes.filter((n) => ['(idle)', 'spawnSync'].includes(n.callFrame.functionName)).map((n) => n.id));
  let busyUs = 0;
  p.samples.forEach((id, i) => { if (!waiting.has(id)) busyUs += p.timeDeltas[i] ?? 0; });
  return { f, p, samples: p.samples.length, busyUs };
}).sort((a, b) => b.busyUs - a.busyUs);
const procIdx = process.argv.includes('--proc') ? Number(process.argv[process.argv.indexOf('--proc') + 1]) : 0;
const prof = profiles[procIdx].p;

// self time per node = sum of its sample time deltas
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const rootPrefix = pathToFileURL(root).href + '/';
function area(url) {
  if (!url) return '(native / vm)';
  if (url.startsWith('node:')) return 'node: internals';
  const rel = url.startsWith(rootPrefix) ? url.slice(rootPrefix.length) : url;
  let m = /^dist\/([^/]+)(?:\/([^/]+))?/.exec(rel);
  if (m) return m[2] && !m[2].endsWith('.js') ? `src/${m[1]}/${m[2]}/` : m[2] ? `src/${m[1]}/` : `src/${m[1]}`;
  m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  if (m) return `node_modules/${m[1]}`;
  if (rel.startsWith('bench/')) return 'bench/';
  return rel;
}
const short = (url) => (url.startsWith(rootPrefix) ? url.slice(rootPrefix.length).replace(/^dist\//, 'src/').replace(/\.js$/, '.ts(js)') : url);

const byFn = new Map();
const byArea = new Map();
for (const node of prof.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const cf = node.callFrame;
  const fnName = cf.functionName || '(anonymous)';
  const key = cf.url ? `${fnName}  ${short(cf.url)}:${cf.lineNumber + 1}` : fnName;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const a = ['(garbage collector)', '(idle)', '(program)'].includes(fnName) ? fnName : area(cf.url);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
}
// native / node-internal self time attributed to the nearest project frame (dist/) above it
const parent = new Map();
const nodeById = new Map(prof.nodes.map((n) => [n.id, n]));
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byOwner = new Map();
for (const node of prof.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  const cf = node.callFrame;
  if (!us || (cf.url && !cf.url.startsWith('node:')) || ['(garbage collector)', '(idle)', '(program)', '(root)'].includes(cf.functionName)) continue;
  let id = parent.get(node.id);
  let owner = '(no project frame)';
  while (id !== undefined) {
    const f = nodeById.get(id).callFrame;
    if (f.url.startsWith(rootPrefix) && !f.url.includes('/node_modules/')) { owner = `${f.functionName || '(anonymous)'}  ${short(f.url)}:${f.lineNumber + 1}`; break; }
    id = parent.get(id);
  }
  const key = `${cf.functionName || '(anonymous)'}  <-  ${owner}`;
  byOwner.set(key, (byOwner.get(key) ?? 0) + us);
}
// every sample charged to the project area of its nearest project frame (fs natives → the module calling them)
const byOwnerArea = new Map();
for (const node of prof.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const fnName = node.callFrame.functionName;
  let key;
  if (['(garbage collector)', '(idle)', '(program)'].includes(fnName)) key = fnName;
  else {
    let id = node.id;
    key = '(no project frame: module loading, runtime)';
    while (id !== undefined) {
      const f = nodeById.get(id).callFrame;
      if (f.url.startsWith(rootPrefix) && !f.url.includes('/node_modules/')) { key = area(f.url); break; }
      id = parent.get(id);
    }
  }
  byOwnerArea.set(key, (byOwnerArea.get(key) ?? 0) + us);
}
const pct = (us) => ((100 * us) / totalUs).toFixed(1).padStart(5);
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const lines = [];
lines.push(`# CPU profile: ${name}  (${new Date().toISOString()}, load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')})`);
lines.push(`figures: ${JSON.stringify(figures)}`);
lines.push(`profiles: ${profiles.map((x, i) => `${i === procIdx ? '*' : ''}${x.f} (${x.samples} samples, busy ${(x.busyUs / 1000).toFixed(0)} ms)`).join(', ')}`);
lines.push(`sampled ${(totalUs / 1000).toFixed(0)} ms in ${prof.samples.length} samples`);
lines.push('', '## self time by area', '   ms     %  area');
for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, 25)) lines.push(`${ms(us)} ${pct(us)}  ${a}`);
lines.push('', '## time by owning project area (natives and node_modules charged to the nearest project frame)', '   ms     %  area');
for (const [a, us] of [...byOwnerArea].sort((x, y) => y[1] - x[1]).slice(0, 20)) lines.push(`${ms(us)} ${pct(us)}  ${a}`);
lines.push('', `## top ${topN} functions by self time`, '   ms     %  function  location');
for (const [k, us] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, topN)) lines.push(`${ms(us)} ${pct(us)}  ${k}`);
lines.push('', '## native / node: self time by nearest project caller', '   ms     %  native fn  <-  project frame');
for (const [k, us] of [...byOwner].sort((x, y) => y[1] - x[1]).slice(0, 25)) lines.push(`${ms(us)} ${pct(us)}  ${k}`);
const text = `${lines.join('\n')}\n`;
mkdirSync(path.join(here, 'profiles'), { recursive: true });
writeFileSync(path.join(here, 'profiles', `${name}.txt`), text);
process.stdout.write(text);
