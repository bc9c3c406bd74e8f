/**
 * `experiment_results.json` (§5.3): entries in plan order, merged with a previous invocation's by
 * generation id, rewritten atomically after every completed run. Each entry's pretty JSON is
 * serialised once and cached, and rewrite requests arriving during a write are coalesced into one
 * pending write, so a long experiment does not re-stringify or re-write the file once per entry per run.
 */
import { writeFileAtomic } from '../artifacts/index.js';
import type { RunErrorLike } from './services.js';
import type { JsonObject, PairsPayload, RunSpec } from './types.js';

export const SKIPPED_ERROR = { type: 'Skipped', message: 'Skipped due to an earlier failure' } as const;

function head(spec: RunSpec): JsonObject {
  return {
    variant: spec.variant,
    variant_name: spec.variantName,
    run: spec.run,
    generation_id: spec.generationId,
    seed: spec.seed,
  };
}

export function successEntry(
  spec: RunSpec,
  outcome: { imagePath: string | null; finalPrompt: string | null; outputs: JsonObject },
  durationMs: number,
  analysis: { analysis?: unknown; analysis_error?: { type: string; message: string } },
): JsonObject {
  const entry: JsonObject = {
    ...head(spec),
    status: 'success',
    image_path: outcome.imagePath ?? null,
    final_prompt: outcome.finalPrompt ?? null,
    outputs: { prompt_pipeline: outcome.outputs['prompt_pipeline'] ?? null },
    error: null,
  };
  if (analysis.analysis !== undefined) entry['analysis'] = analysis.analysis;
  if (analysis.analysis_error !== undefined) entry['analysis_error'] = analysis.analysis_error;
  entry['duration_ms'] = durationMs;
  return entry;
}

export function errorEntry(spec: RunSpec, error: RunErrorLike, durationMs?: number): JsonObject {
  const err: JsonObject = { type: error.type, message: error.message };
  if (error.step !== undefined) err['step'] = error.step;
  if (error.path !== undefined) err['path'] = error.path;
  const entry: JsonObject = { ...head(spec), status: 'error', error: err };
  if (error.phase !== undefined) entry['phase'] = error.phase;
  if (durationMs !== undefined) entry['duration_ms'] = durationMs;
  return entry;
}

export function skippedEntry(spec: RunSpec): JsonObject {
  return { ...head(spec), status: 'error', error: { ...SKIPPED_ERROR } };
}

function indentEntry(entry: JsonObject): string {
  return JSON.stringify(entry, null, 2).split('\n').map((l) => `    ${l}`).join('\n');
}

export class ResultsStore {
  private readonly entries = new Map<string, JsonObject>();
  private readonly texts = new Map<string, string>();
  private dirty = false;
  private loop: Promise<void> | null = null;
  private writeError: unknown = null;
  private lastWriteMs = 0;
  private lastWriteEnd = 0;
  private flushing = false;
  writes = 0;

  constructor(
    private readonly file: string,
    /** Generation ids in plan order. */
    private readonly order: string[],
  ) {}

  /** Entries of a previous invocation (ids not in the plan are dropped). */
  seed(previous: JsonObject[]): void {
    const inPlan = new Set(this.order);
    for (const e of previous) {
      const gid = e['generation_id'];
      if (typeof gid === 'string' && inPlan.has(gid)) this.set(gid, e);
    }
  }

  set(gid: string, entry: JsonObject): void {
    this.entries.set(gid, entry);
    this.texts.delete(gid);
  }

  get(gid: string): JsonObject | undefined {
    return this.entries.get(gid);
  }

  /** Entries in plan order. */
  list(): JsonObject[] {
    const out: JsonObject[] = [];
    for (const gid of this.order) {
      const e = this.entries.get(gid);
      if (e) out.push(e);
    }
    return out;
  }

  text(): string {
    const parts: string[] = [];
    for (const gid of this.order) {
      const e = this.entries.get(gid);
      if (!e) continue;
      let t = this.texts.get(gid);
      if (t === undefined) {
        t = indentEntry(e);
        this.texts.set(gid, t);
      }
      parts.push(t);
    }
    const body = parts.length === 0 ? '[]' : `[\n${parts.join(',\n')}\n  ]`;
    return `{\n  "schema_version": 1,\n  "kind": "experiment_results",\n  "results": ${body}\n}\n`;
  }

  /** Ask for a rewrite; writes already queued absorb this request. */
  schedule(): void {
    this.dirty = true;
    if (!this.loop) this.loop = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      // Adaptive pacing: the next rewrite waits at least 3× the last write's duration, so rewriting a
      // large file after every completion costs at most ~25% of the wall time; a flush never waits.
      const wait = this.lastWriteMs * 3 - (performance.now() - this.lastWriteEnd);
      if (wait > 1 && !this.flushing) await new Promise<void>((resolve) => setTimeout(resolve, wait));
      this.dirty = false;
      const t0 = performance.now();
      try {
        await writeFileAtomic(this.file, this.text());
        this.writes++;
      } catch (err) {
        this.writeError = err;
      }
      this.lastWriteEnd = performance.now();
      this.lastWriteMs = this.lastWriteEnd - t0;
    }
    this.loop = null;
  }

  /** Write the current state and wait for it; throws the last write error. */
  async flush(): Promise<void> {
    this.flushing = true;
    this.schedule();
    while (this.loop) await this.loop;
    this.flushing = false;
    if (this.writeError) {
      const err = this.writeError;
      this.writeError = null;
      throw err;
    }
  }
}

/** Add `a_error` / `b_error` from the merged results to a plugin's pairs payload (§4.9, §5.4). */
export function pairsWithErrors(payload: PairsPayload, store: ResultsStore): PairsPayload {
  const errorOf = (gid: string): JsonObject | undefined => {
    const e = store.get(gid);
    if (!e || e['status'] !== 'error') return undefined;
    const err = (e['error'] ?? {}) as JsonObject;
    return { type: err['type'] ?? 'Error', message: err['message'] ?? '' };
  };
  return {
    ...payload,
    pairs: payload.pairs.map((pair) => {
      const out = { ...pair };
      delete out.a_error;
      delete out.b_error;
      const a = errorOf(pair.a_generation_id);
      const b = errorOf(pair.b_generation_id);
      if (a) out.a_error = a;
      if (b) out.b_error = b;
      return out;
    }),
  };
}
