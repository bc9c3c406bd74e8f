/**
 * Runs the Lanczos cover fit (lanczos-resample.ts, ~50 ms of CPU for 1536×1024 → 3840×2160) on a
 * worker thread, so the event loop keeps serving concurrent runs meanwhile. One worker per process,
 * started on first use (or by `warmLanczosWorker`), referenced only while a job is pending (an idle
 * worker never keeps the process alive). The source is copied into a pooled buffer and, with the
 * pooled output buffer, transferred to the worker and back: no per-job allocation once warm. If no
 * worker can be started (e.g. the compiled worker file is missing), the fit runs in-process — same
 * pixels either way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { acquirePixels, adoptPixels, releasePixels } from './pixel-pool.js';
import { lanczosCoverFit } from './lanczos-resample.js';
import type { RawPixels } from './types.js';

export interface FitJob {
  id: number;
  data: Uint8Array;
  out: Uint8Array;
  width: number;
  height: number;
  targetWidth: number;
  targetHeight: number;
}

export type FitReply =
  | { id: number; ok: true; data: Uint8Array; out: Uint8Array }
  | { id: number; ok: false; message: string; data: Uint8Array; out: Uint8Array };

// The compiled worker (dist/providers/), found from both src/providers/ (tests) and dist/providers/.
const WORKER_PATH = fileURLToPath(new URL('../../dist/providers/lanczos-worker.js', import.meta.url));

interface Pending {
  resolve: (out: Buffer) => void;
  reject: (err: Error) => void;
}

let worker: Worker | null = null;
let workerUnavailable = false;
let nextId = 1;
const pending = new Map<number, Pending>();

/** A buffer sent back by the worker: our own pool buffer again. */
const returned = (a: Uint8Array): Buffer => adoptPixels(Buffer.from(a.buffer, a.byteOffset, a.byteLength));

function onReply(w: Worker, reply: FitReply): void {
  const p = pending.get(reply.id);
  if (!p) return;
  pending.delete(reply.id);
  if (pending.size === 0) w.unref();
  releasePixels(returned(reply.data));
  if (reply.ok) p.resolve(returned(reply.out));
  else {
    releasePixels(returned(reply.out));
    p.reject(new Error(reply.message));
  }
}

function startWorker(): Worker | null {
  if (worker) return worker;
  if (workerUnavailable || !existsSync(WORKER_PATH)) {
    workerUnavailable = true;
    return null;
  }
  const w = new Worker(WORKER_PATH);
  w.on('message', (reply: FitReply) => onReply(w, reply));
  const gone = (err: Error): void => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', gone);
  w.on('exit', (code) => gone(new Error(`Lanczos worker exited (code ${code})`)));
  w.unref();
  worker = w;
  return w;
}

/** Starts the worker ahead of its first job (its start-up then overlaps with other work). */
export function warmLanczosWorker(): void {
  startWorker();
}

/** Lanczos3 cover fit of `img` to W×H on the worker thread (in-process when no worker is available). */
export function lanczosCoverFitOffThread(img: RawPixels, W: number, H: number): Promise<RawPixels> {
  const w = startWorker();
  if (!w) return Promise.resolve().then(() => lanczosCoverFit(img, W, H));
  // The caller keeps its source pixels (the base image is captioned from them): the worker gets a copy.
  const data = acquirePixels(img.data.length);
  img.data.copy(data);
  const out = acquirePixels(W * H * 3);
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    const job: FitJob = { id, data, out, width: img.width, height: img.height, targetWidth: W, targetHeight: H };
    w.postMessage(job, [data.buffer as ArrayBuffer, out.buffer as ArrayBuffer]);
  }).then((fitted) => ({ data: fitted, width: W, height: H }));
}

/** Stops the worker (tests; a normal process simply exits, the idle worker being unreferenced). */
export async function stopLanczosWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
