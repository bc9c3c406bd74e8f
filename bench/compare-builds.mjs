#!/usr/bin/env node
// Before/after in one run: `node bench/compare-builds.mjs <scenario> <rootA> <rootB> [reps=3] [figure.path ...]`.
// Runs the scenario alternately against two package roots (each with dist/, bin/, data/, node_modules/), A B A B …,
// so both see the same machine load, and prints the median of each chosen figure and the ratio B/A.
// Used for the before/after table of bench/README.md (A = a build of the sources before the change).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, rootA, rootB, repsArg, ...picks] = process.argv.slice(2);
if (!name || !rootA || !rootB) {
  console.error('usage: node bench/compare-builds.mjs <scenario> <rootA> <rootB> [reps] [figure.path ...]');
  process.exit(2);
}
const reps = Number(repsArg ?? 3) || 3;
const mod = await import(pathToFileURL(path.join(here, 'scenarios', `${name}.mjs`)).href);
const get = (o, p) => p.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);
const flat = (o, prefix = '') => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : typeof v === 'number' ? [`${prefix}${k}`] : []));
const results = { A: [], B: [] };
const load = [];
for (let i = 0; i < reps; i++) {
  for (const [label, root] of [['A', rootA], ['B', rootB]]) {
    load.push(os.loadavg()[0]);
    results[label].push(await mod.default({ root: path.resolve(root), workDir: path.join(here, '.work', `compare_${name}_${label}`) }));
  }
}
const keys = picks.length ? picks : flat(results.A[0]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { scenario: name, reps, rootA, rootB, load_1m: { min: Math.min(...load), max: Math.max(...load) }, figures: {} };
for (const k of keys) {
  const a = median(results.A.map((f) => get(f, k)).filter((v) => typeof v === 'number'));
  const b = median(results.B.map((f) => get(f, k)).filter((v) => typeof v === 'number'));
  out.figures[k] = { A: a, B: b, ratio_B_over_A: a ? Math.round((b / a) * 100) / 100 : null };
}
console.log(JSON.stringify(out, null, 2));
