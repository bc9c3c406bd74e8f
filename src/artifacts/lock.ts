import { promises as fsp } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** One promise chain per absolute path: serialises writers inside this process. */
const chains = new Map<string, Promise<unknown>>();

/**
 * Run `fn` while holding the lock for `target`: an in-process mutex (concurrent runs in one
 * process) plus a `<target>.lock` directory lock (proper-lockfile) for other processes.
 * A lock left by a killed process goes stale after `staleMs` and is taken over.
 */
export async function withFileLock<T>(target: string, fn: () => Promise<T> | T, staleMs = 10_000): Promise<T> {
  const key = path.resolve(target);
  const previous = chains.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => { release = resolve; });
  const chained = previous.then(() => mine);
  chains.set(key, chained);
  await previous;
  try {
    await fsp.mkdir(path.dirname(key), { recursive: true });
    const unlock = await lockfile.lock(key, {
      realpath: false,
      stale: staleMs,
      // Wait well past `staleMs` (about 50 s in all) so a lock left by a killed process is taken over
      // instead of failing the append: 1000 retries, backing off from 5 ms to 50 ms.
      retries: { retries: 1000, factor: 1.2, minTimeout: 5, maxTimeout: 50 },
    });
    try {
      return await fn();
    } finally {
      await unlock();
    }
  } finally {
    release();
    if (chains.get(key) === chained) chains.delete(key);
  }
}
