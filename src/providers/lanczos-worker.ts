/**
 * Worker-thread entry of the Lanczos resampler (see lanczos-offload.ts). A job carries the source
 * pixels and the buffer to write the result into; both are transferred (not copied) back and forth.
 */
import { parentPort } from 'node:worker_threads';
import { lanczosCoverFit, loadKernel } from './lanczos-resample.js';
import type { FitJob, FitReply } from './lanczos-offload.js';

// Compile the WebAssembly kernel while the process is still busy elsewhere, not on the first job.
loadKernel();

const asBuffer = (a: Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

parentPort?.on('message', (job: FitJob) => {
  let reply: FitReply;
  try {
    lanczosCoverFit({ data: asBuffer(job.data), width: job.width, height: job.height }, job.targetWidth, job.targetHeight, asBuffer(job.out));
    reply = { id: job.id, ok: true, data: job.data, out: job.out };
  } catch (err) {
    reply = { id: job.id, ok: false, message: err instanceof Error ? err.message : String(err), data: job.data, out: job.out };
  }
  parentPort?.postMessage(reply, [job.data.buffer as ArrayBuffer, job.out.buffer as ArrayBuffer]);
});
