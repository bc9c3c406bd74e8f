import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IOError } from '../errors.js';
import { utcTimestamp } from './ids.js';

/**
 * The shared-file lock of generation.md §7.1:
 *  - in-process: a FIFO async mutex keyed by the absolute lock path, taken first;
 *  - cross-process: `<target>.lock` created with O_EXCL holding `pid=…\nhost=…\ncreated_at=…\n`,
 *    retried every 100 ms + 0–50 ms jitter;
 *  - timeout (300 s) → `Timed out waiting for lock: <lock path>`;
 *  - stale (same host and the pid is gone, or mtime older than 600 s) → deleted if its content is
 *    unchanged since it was read, WARNING `Removed stale lock <path> (pid=<pid>, created_at=<ts>)`, retry;
 *  - release: delete the lock file (missing is fine) and the mutex, also on error.
 */
export interface LockOptions {
  timeoutMs?: number;
  staleMs?: number;
  /** Receives the WARNING line when a stale lock is removed (the calling run's oplog). */
  warn?: (message: string) => void;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const DEFAULT_STALE_MS = 600_000;

/** Tail of each lock path's FIFO queue inside this process. */
const queues = new Map<string, Promise<void>>();

async function acquireMutex(key: string): Promise<() => void> {
  const previous = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => { release = resolve; });
  const tail = previous.then(() => mine);
  queues.set(key, tail);
  await previous;
  return () => {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  };
}

/** True when a process with this pid runs on this host (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function field(content: string, name: string): string | undefined {
  return new RegExp(`^${name}=(.*)$`, 'm').exec(content)?.[1];
}

/** Remove `lockPath` when it is stale; true when it was removed (or had vanished). */
async function removeIfStale(lockPath: string, staleMs: number, warn?: (m: string) => void): Promise<boolean> {
  let content: string;
  let mtimeMs: number;
  try {
    const st = await fsp.stat(lockPath);
    mtimeMs = st.mtimeMs;
    if (st.isDirectory()) {
      // A lock directory left by an older build: only its age can tell.
      if (Date.now() - mtimeMs <= staleMs) return false;
      await fsp.rm(lockPath, { recursive: true, force: true });
      warn?.(`Removed stale lock ${lockPath} (pid=unknown, created_at=unknown)`);
      return true;
    }
    content = await fsp.readFile(lockPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const pid = Number(field(content, 'pid'));
  const host = field(content, 'host');
  const deadOwner = host === os.hostname() && Number.isInteger(pid) && pid > 0 && !pidAlive(pid);
  // A lock file being written right now may still be empty: give a fresh, unreadable one time.
  const tooOld = Date.now() - mtimeMs > staleMs;
  if (!deadOwner && !tooOld) return false;
  try {
    if ((await fsp.readFile(lockPath, 'utf8')) !== content) return false; // taken over meanwhile
    await fsp.unlink(lockPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  warn?.(`Removed stale lock ${lockPath} (pid=${field(content, 'pid') ?? 'unknown'}, created_at=${field(content, 'created_at') ?? 'unknown'})`);
  return true;
}

async function createLockFile(lockPath: string, options: LockOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const body = `pid=${process.pid}\nhost=${os.hostname()}\ncreated_at=${utcTimestamp()}\n`;
  for (;;) {
    try {
      const handle = await fsp.open(lockPath, 'wx');
      try {
        await handle.writeFile(body);
      } finally {
        await handle.close();
      }
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await fsp.mkdir(path.dirname(lockPath), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST' && code !== 'EISDIR') throw err;
    }
    if (await removeIfStale(lockPath, options.staleMs ?? DEFAULT_STALE_MS, options.warn)) continue;
    if (Date.now() >= deadline) throw new IOError(`Timed out waiting for lock: ${lockPath}`);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 50)));
  }
}

/**
 * Run `fn` while holding the lock of `target` (lock file `<target>.lock`). A number as third
 * argument is the stale age in ms (kept for callers written before the options object).
 */
export async function withFileLock<T>(target: string, fn: () => Promise<T> | T, options: LockOptions | number = {}): Promise<T> {
  const opts: LockOptions = typeof options === 'number' ? { staleMs: options } : options;
  const lockPath = `${path.resolve(target)}.lock`;
  const releaseMutex = await acquireMutex(lockPath);
  try {
    await createLockFile(lockPath, opts);
    try {
      return await fn();
    } finally {
      await fsp.rm(lockPath, { force: true });
    }
  } finally {
    releaseMutex();
  }
}
