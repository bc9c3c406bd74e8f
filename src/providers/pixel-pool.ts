/**
 * Recycling of large pixel buffers (a 1536×1024 RGB image is 4.7 MB, its 4K upscale 25 MB). A fresh
 * buffer of that size costs page faults on first touch and pushes V8 towards a full GC; a run that is
 * done with its pixels hands them back with `releasePixels` and the next run reuses them.
 *
 * Rules: only buffers handed out by `acquirePixels` (whole ArrayBuffers, transferable to a worker) enter
 * the pool — anything else passed to `releasePixels` is ignored; release a buffer only when nothing will
 * read or write it again. Releasing is optional: a buffer never released is simply garbage-collected.
 * The pool keeps at most MAX_POOLED_BYTES.
 */
const MAX_POOLED_BYTES = 160 * 1024 * 1024;

const free = new Map<number, Buffer[]>();
const ours = new WeakSet<ArrayBuffer>();
let pooledBytes = 0;

/** A buffer of exactly `size` bytes that owns its whole ArrayBuffer (transferable), contents undefined. */
export function acquirePixels(size: number): Buffer {
  const list = free.get(size);
  const buf = list?.pop();
  if (buf) {
    pooledBytes -= size;
    return buf;
  }
  const fresh = Buffer.allocUnsafeSlow(size);
  ours.add(fresh.buffer as ArrayBuffer);
  return fresh;
}

/**
 * A pool buffer that came back from a worker arrives as a new ArrayBuffer object: mark it as the pool's
 * again (only for buffers this process acquired and transferred).
 */
export function adoptPixels(buf: Buffer): Buffer {
  if (ownsWholeBuffer(buf)) ours.add(buf.buffer as ArrayBuffer);
  return buf;
}

/** True when `buf` is a whole ArrayBuffer of its own (the kind the pool holds and workers can take). */
export function ownsWholeBuffer(buf: Uint8Array): boolean {
  return buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength && buf.byteLength > 0;
}

/** Hands a buffer back for reuse (ignored for buffers not from the pool, already pooled, or when the pool is full). */
export function releasePixels(buf: Buffer | null | undefined): void {
  if (!buf || !ownsWholeBuffer(buf) || !ours.has(buf.buffer as ArrayBuffer) || pooledBytes + buf.length > MAX_POOLED_BYTES) return;
  let list = free.get(buf.length);
  if (!list) {
    list = [];
    free.set(buf.length, list);
  }
  if (list.includes(buf)) return;
  list.push(buf);
  pooledBytes += buf.length;
}
