/**
 * `.experiment.lock` (experiments.md §4.12): held for a whole invocation, format and stale rules of
 * generation.md §7.1 (`pid=…\nhost=…\ncreated_at=…\n`; stale when the pid is gone on this host or the
 * file is older than 600 s). The mtime is refreshed while held so a long experiment never looks stale.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.js';
import { pidAlive, utcTimestamp } from '../artifacts/index.js';

export const LOCK_FILE_NAME = '.experiment.lock';
const STALE_MS = 600_000;
const REFRESH_MS = 60_000;

export class DirectoryInUseError extends AppError {
  override readonly type = 'DirectoryInUseError';
  override exitCode = 2;
}

function parseLock(text: string): { pid: number | null; host: string | null; createdAt: string | null } {
  const field = (k: string): string | null => new RegExp(`^${k}=(.*)$`, 'm').exec(text)?.[1]?.trim() ?? null;
  const pid = Number(field('pid'));
  return { pid: Number.isInteger(pid) && pid > 0 ? pid : null, host: field('host'), createdAt: field('created_at') };
}

export interface HeldLock {
  path: string;
  release(): void;
}

/**
 * Take the lock or throw `DirectoryInUseError`. `onStale` receives the WARNING line when a stale
 * lock is removed (the experiment log is not open yet, so the caller logs it later).
 */
export function acquireDirectoryLock(dir: string, onStale: (message: string) => void): HeldLock {
  const lockPath = path.join(dir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, `pid=${process.pid}\nhost=${os.hostname()}\ncreated_at=${utcTimestamp()}\n`);
      } finally {
        closeSync(fd);
      }
      const timer = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(lockPath, now, now);
        } catch {
          /* the lock vanished; nothing to refresh */
        }
      }, REFRESH_MS);
      timer.unref();
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        clearInterval(timer);
        process.off('exit', release);
        rmSync(lockPath, { force: true });
      };
      // A second Ctrl-C exits at once: the lock still goes away with the process.
      process.on('exit', release);
      return { path: lockPath, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let text: string;
    let mtimeMs: number;
    try {
      text = readFileSync(lockPath, 'utf8');
      mtimeMs = statSync(lockPath).mtimeMs;
    } catch {
      continue; // released meanwhile: try again
    }
    const info = parseLock(text);
    const sameHost = info.host === os.hostname();
    const dead = sameHost && info.pid !== null && info.pid !== process.pid && !pidAlive(info.pid);
    const old = Date.now() - mtimeMs > STALE_MS;
    if (!dead && !old) {
      throw new DirectoryInUseError(
        `Experiment directory is in use by another image-project process (pid=${info.pid ?? 'unknown'}): ${dir}`,
      );
    }
    try {
      if (readFileSync(lockPath, 'utf8') === text) {
        rmSync(lockPath, { force: true });
        onStale(`Removed stale lock ${lockPath} (pid=${info.pid ?? 'unknown'}, created_at=${info.createdAt ?? 'unknown'})`);
      }
    } catch {
      /* gone already */
    }
  }
  throw new DirectoryInUseError(`Experiment directory is in use by another image-project process (pid=unknown): ${dir}`);
}
