// Scenario 1: CLI cold start. Median of 10 runs of `image-project experiments list` and
// `image-project --help`, against `node -e 0` as the floor. Target: at most 3x the floor.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(args, runs = 10) {
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    if (i > 0) times.push(ms); // first run warms the file cache
  }
  return median(times);
}

export default async function run({ root }) {
  const bin = path.join(root, 'bin', 'image-project.js');
  const floor = timeCommand(['-e', '0']);
  const help = timeCommand([bin, '--help']);
  const list = timeCommand([bin, 'experiments', 'list']);
  const r = (x) => Math.round(x * 10) / 10;
  return {
    node_floor_ms: r(floor),
    help_ms: r(help),
    experiments_list_ms: r(list),
    help_ratio: r(help / floor),
    experiments_list_ratio: r(list / floor),
    target_ratio: 3,
  };
}
