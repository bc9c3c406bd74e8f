/**
 * A full garbage collection between the phases of a large index. Parsing leaves a lot of short-lived
 * garbage (whole runs_index lines with their prompt_pipeline, CSV parser buffers) that V8 would keep
 * as heap headroom; collecting it before the registries are written keeps peak memory near the live
 * data (~20 MB less RSS at 50,000 runs, measured by bench/scenarios/index_scale.mjs). `gc` is not
 * exposed without --expose-gc, so it is taken from a fresh context once the flag is set; if that is
 * not possible this is a no-op.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gcFn: (() => void) | null | undefined;

function obtainGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
}

/** Collect garbage now when the work just done was large enough to be worth a full GC. */
export function collectGarbageIfLarge(bytesOrItems: number, threshold: number): void {
  if (bytesOrItems < threshold) return;
  if (gcFn === undefined) gcFn = obtainGc();
  gcFn?.();
}
