#!/usr/bin/env node
// Benchmark harness: `npm run bench` runs every scenario, `npm run bench -- <name> [...]` only those.
// Each scenario is bench/scenarios/<name>.mjs exporting `default async function run(ctx)` that returns
// a plain object of figures; the harness prints it and writes bench/results/<name>.json.
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(path.join(here, 'scenarios')).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`bench: unknown scenario(s): ${unknown.join(', ')} (available: ${all.join(', ')})`);
  process.exit(2);
}
const chosen = wanted.length ? wanted : all;
mkdirSync(path.join(here, 'results'), { recursive: true });
const machine = { node: process.version, cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', mem_gb: Math.round(os.totalmem() / 2 ** 30) };
let failed = 0;
for (const name of chosen) {
  const mod = await import(path.join(here, 'scenarios', `${name}.mjs`));
  const started = Date.now();
  // the machine is shared and noisy: every result records the 1-minute load average around it
  const loadStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  try {
    const figures = await mod.default({ root: path.resolve(here, '..'), workDir: path.join(here, '.work', name) });
    const load = { start_1_5_15: loadStart, end_1_5_15: os.loadavg().map((x) => Math.round(x * 100) / 100) };
    const out = { scenario: name, date: new Date().toISOString(), machine: { ...machine, load }, wall_s: (Date.now() - started) / 1000, figures };
    writeFileSync(path.join(here, 'results', `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`== ${name}\n${JSON.stringify(figures, null, 2)}`);
  } catch (err) {
    failed++;
    console.error(`== ${name} FAILED: ${err?.stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
