// Shared helpers of the bench scenarios owned by issue 10: the machine state (nproc, load average), a
// calibration workload (so per-run figures can be read as ratios measured in the same run on a noisy
// machine), and `runCli()`, which runs the compiled CLI in a child process and returns wall time, CPU
// time and peak RSS of that child (process.resourceUsage() read at exit by a small wrapper).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const r = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function machineNow() {
  const [l1, l5, l15] = os.loadavg();
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, loadavg_1_5_15: [r(l1, 2), r(l5, 2), r(l15, 2)], at: new Date().toISOString() };
}

/**
 * A fixed CPU workload (JSON round trips of a config-sized object plus string building), median of 5, in ms.
 * Read a per-run figure divided by this as "machine-independent" cost; on an idle machine it is ~1-2 ms.
 */
export function calibrationMs() {
  const obj = { a: Array.from({ length: 200 }, (_, i) => ({ k: `key_${i}`, v: i * 1.5, t: ['x', 'y', String(i)] })) };
  const times = [];
  for (let rep = 0; rep < 6; rep++) {
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 40; i++) n += JSON.parse(JSON.stringify(obj, null, 2)).a.length;
    if (n !== 8000) throw new Error('calibration');
    times.push(performance.now() - t0);
  }
  return median(times.slice(1));
}

/** `node -e 0` wall time, median of 5 (the process start-up floor). */
export function nodeFloorMs() {
  return median([0, 1, 2, 3, 4].map(() => {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  }));
}

/** A workspace with `config/config.yaml` (the workspace root marker), holding `configYaml`. */
export function makeWorkspace(dir, configYaml) {
  mkdirSync(path.join(dir, 'config'), { recursive: true });
  writeFileSync(path.join(dir, 'config', 'config.yaml'), configYaml);
  return dir;
}

/**
 * Run `bin/image-project.js ...args` in a child process with cwd `cwd`. Returns { ms, cpuMs, userMs, sysMs,
 * maxRssMb, stdout, stderr, status }. Throws when the exit code is not `expectStatus` (null: any).
 */
export function runCli(root, args, { cwd, env, expectStatus = 0 } = {}) {
  const bin = path.join(root, 'bin', 'image-project.js');
  const wrapper = fileURLToPath(new URL('./usage-wrapper.mjs', import.meta.url));
  const t0 = performance.now();
  // bench/profile.mjs sets BENCH_CPU_PROF_DIR: the CLI child writes a .cpuprofile there too
  const prof = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`, '--cpu-prof-interval=250'] : [];
  const res = spawnSync(process.execPath, [...prof, wrapper, bin, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (expectStatus !== null && res.status !== expectStatus) throw new Error(`image-project ${args.join(' ')} exited ${res.status}: ${res.stderr.slice(-1500)}`);
  const m = /BENCH_USAGE (\{.*\})/.exec(res.stderr);
  const u = m ? JSON.parse(m[1]) : {};
  return {
    ms, status: res.status, stdout: res.stdout, stderr: res.stderr,
    userMs: u.userCPUTime / 1000, sysMs: u.systemCPUTime / 1000, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024,
  };
}

const stampRe = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/;
/** ms between the first log line containing `from` and the first containing `to` (experiment.log timestamps). */
export function logSpanMs(logFile, from, to) {
  const lines = readFileSync(logFile, 'utf8').split('\n');
  const at = (needle) => {
    const m = stampRe.exec(lines.find((l) => l.includes(needle)) ?? '');
    return m ? new Date(`${m[1]}T${m[2]}.${m[3]}`).getTime() : NaN;
  };
  return at(to) - at(from);
}
