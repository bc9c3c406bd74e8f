/**
 * Best-effort upload of the final image with rclone (generation.md §9.3). Argument vector, no shell;
 * every failure is logged and swallowed: an upload never fails the run.
 */
import { spawn } from 'node:child_process';
import type { LogFn } from './oplog.js';

export interface RcloneOptions {
  remote: string;
  album: string;
  /** Executable to run (tests point it at a stub); default `rclone` on PATH. */
  binary?: string;
}

function runRclone(binary: string, args: string[]): Promise<{ code: number | null; spawnError: Error | null }> {
  return new Promise((resolve) => {
    let settled = false;
    const child = spawn(binary, args, { stdio: 'ignore', shell: false });
    child.on('error', (err) => {
      if (!settled) { settled = true; resolve({ code: null, spawnError: err }); }
    });
    child.on('close', (code) => {
      if (!settled) { settled = true; resolve({ code, spawnError: null }); }
    });
  });
}

/** Returns true when the upload succeeded. */
export async function uploadWithRclone(file: string, opts: RcloneOptions, log: LogFn): Promise<boolean> {
  const target = `${opts.remote}:album/${opts.album}`;
  log('INFO', `Uploading ${file} to ${target} via rclone`);
  const { code, spawnError } = await runRclone(opts.binary ?? 'rclone', ['copy', file, target]);
  if (spawnError) {
    log('ERROR', `Upload skipped: rclone not found (${spawnError.message}).`);
  } else if (code !== 0) {
    log('ERROR', `Upload failed (rclone exit=${code ?? 'signal'}). Continuing.`);
  } else {
    log('INFO', `Uploaded image via rclone to ${target}`);
    return true;
  }
  log('ERROR', `Rclone upload failed; image remains at ${file}`);
  return false;
}
