// Providers: the per-process gate holds `requests_per_minute` and `max_concurrency` across
// concurrent callers (separate provider instances, as concurrent runs get them), plus the offline
// image render time at 1536x1024. Uses the compiled dist/ (run `npx tsc -p .` first).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Largest number of starts inside any window of `windowMs`. */
function maxInWindow(times, windowMs) {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i += 1) {
    while (t[i] - t[j] >= windowMs) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export default async function run(ctx) {
  const mod = await import(pathToFileURL(path.join(ctx.root, 'dist/providers/index.js')).href);
  const { getProviders, clearProviderCache, resetSharedGates } = mod;
  clearProviderCache();
  resetSharedGates();
  const call = (p, i) => p.complete({ messages: [{ role: 'user', content: `concept ${i}: harbor owls` }], temperature: 0 });

  // 1. Rate limit: 1200/min = 20 per second, 61 calls from 4 "runs" fired at once.
  const rpm = 1200;
  const rateCfg = () => ({ providers: { text: { provider: 'offline', requests_per_minute: rpm, max_concurrency: 16 } } });
  const runs = [0, 1, 2, 3].map(() => getProviders(rateCfg()).text);
  const gate = runs[0].gate;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 61 }, (_, i) => call(runs[i % 4], i)));
  const wallRate = performance.now() - t0;
  const starts = gate.stats.startTimes.slice(-61);
  const span = starts[starts.length - 1] - starts[0];
  const rate = {
    requests_per_minute: rpm,
    calls: 61,
    wall_ms: Math.round(wallRate),
    achieved_per_minute: Math.round(((starts.length - 1) / span) * 60_000),
    max_starts_in_any_1s_window: maxInWindow(starts, 1000),
    allowed_per_1s: rpm / 60,
    same_gate_for_all_runs: runs.every((p) => p.gate === gate),
  };

  // 2. max_concurrency: 40 calls of 40 ms simulated latency from 4 runs, cap 3 vs cap 8.
  const conc = {};
  for (const cap of [3, 8]) {
    const cfg = () => ({ providers: { text: { provider: 'offline', latency_ms: 40, max_concurrency: cap } } });
    const ps = [0, 1, 2, 3].map(() => getProviders(cfg()).text);
    const t1 = performance.now();
    await Promise.all(Array.from({ length: 40 }, (_, i) => call(ps[i % 4], 1000 + i)));
    conc[`cap_${cap}`] = {
      max_in_flight: ps[0].gate.stats.maxInFlight,
      wall_ms: Math.round(performance.now() - t1),
      ideal_wall_ms: Math.ceil(40 / cap) * 40,
    };
  }

  // 3. Offline image render at 1536x1024 (procedural picture + PNG encode).
  const image = getProviders({ providers: { image: { provider: 'offline' } } }).image;
  const times = [];
  let bytes = 0;
  for (let i = 0; i < 15; i += 1) {
    const t2 = performance.now();
    const r = await image.generate({ prompt: `a lighthouse keeper in autumn fog, brass instruments ${i}`, size: '1536x1024', quality: 'high', moderation: 'low' });
    times.push(performance.now() - t2);
    bytes += r.bytes.length;
  }
  const render = {
    size: '1536x1024',
    renders: times.length,
    first_ms_cold: Number(times[0].toFixed(1)),
    min_ms: Number(Math.min(...times).toFixed(1)),
    median_ms: Number(median(times).toFixed(1)),
    mean_png_kb: Math.round(bytes / times.length / 1024),
  };

  const ok = rate.max_starts_in_any_1s_window <= rate.allowed_per_1s && conc.cap_3.max_in_flight === 3 && conc.cap_8.max_in_flight === 8;
  if (!ok) throw new Error(`limits not held: ${JSON.stringify({ rate, conc })}`);
  return { rate_limit: rate, max_concurrency: conc, offline_image_render: render };
}
