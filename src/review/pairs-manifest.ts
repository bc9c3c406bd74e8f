/** `pairs.json` reading and validation (review.md §6.1) and optional experiment_results.json (§6.2). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { readTextLenient } from './read-inputs.js';
import { isPlainObject } from './text-utils.js';

export interface SideError {
  type: string | null;
  message: string | null;
}

export interface PairEntry {
  run_index: number;
  a_generation_id: string;
  b_generation_id: string;
  metadata: Record<string, unknown>;
  a_error: SideError | null;
  b_error: SideError | null;
}

export interface PairsManifest {
  experiment_id: string | null;
  pairs: PairEntry[];
}

function sideError(v: unknown): SideError | null {
  if (!isPlainObject(v)) return null;
  return { type: typeof v.type === 'string' ? v.type : null, message: typeof v.message === 'string' ? v.message : null };
}

export function readPairsManifest(dir: string): PairsManifest {
  const p = path.join(dir, 'pairs.json');
  if (!existsSync(p) || !statSync(p).isFile()) {
    throw new UsageError(`Missing pairs manifest: ${p}. Run the A/B experiment runner to generate ${dir}/pairs.json.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readTextLenient(p));
  } catch (err) {
    throw new UsageError(`Invalid JSON in ${p}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isPlainObject(doc)) throw new UsageError('pairs.json must contain a JSON object at the top level');
  if (doc.schema_version !== 1) throw new UsageError(`Unsupported pairs.json schema_version: ${JSON.stringify(doc.schema_version ?? null)} (expected 1)`);
  if (!Array.isArray(doc.pairs)) throw new UsageError('pairs.json missing required key: pairs (expected list)');
  const seen = new Set<number>();
  const pairs: PairEntry[] = doc.pairs.map((e: unknown, i: number) => {
    if (!isPlainObject(e)) throw new UsageError(`pairs[${i}] must be an object`);
    const ri = e.run_index;
    if (typeof ri !== 'number' || !Number.isInteger(ri) || ri < 1) throw new UsageError(`pairs[${i}].run_index must be an int >= 1`);
    if (seen.has(ri)) throw new UsageError(`pairs[${i}].run_index duplicates run_index ${ri}`);
    seen.add(ri);
    const id = (side: 'a' | 'b'): string => {
      const v = e[`${side}_generation_id`];
      if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`pairs[${i}].${side}_generation_id must be a non-empty string`);
      return v.trim();
    };
    const a = id('a');
    const b = id('b');
    const md = e.metadata;
    if (md !== undefined && md !== null && !isPlainObject(md)) throw new UsageError(`pairs[${i}].metadata must be an object if set`);
    return { run_index: ri, a_generation_id: a, b_generation_id: b, metadata: isPlainObject(md) ? md : {}, a_error: sideError(e.a_error), b_error: sideError(e.b_error) };
  });
  pairs.sort((x, y) => x.run_index - y.run_index);
  return { experiment_id: typeof doc.experiment_id === 'string' ? doc.experiment_id : null, pairs };
}

export interface ResultInfo {
  status: unknown;
  variant: unknown;
  variant_name: unknown;
  final_prompt: unknown;
  analysis: unknown;
  analysis_error: unknown;
  error: unknown;
  duration_ms: unknown;
}

/** Per generation id info from experiment_results.json; null when absent. Throws Error(reason) when unusable. */
export function readExperimentResults(dir: string): Map<string, ResultInfo> | null {
  const p = path.join(dir, 'experiment_results.json');
  if (!existsSync(p)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readTextLenient(p));
  } catch (err) {
    throw new Error(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isPlainObject(doc)) throw new Error('expected a JSON object');
  if (doc.kind !== undefined && doc.kind !== 'experiment_results') throw new Error(`unexpected kind ${JSON.stringify(doc.kind)}`);
  if (!Array.isArray(doc.results)) throw new Error('missing results list');
  const out = new Map<string, ResultInfo>();
  for (const r of doc.results) {
    if (!isPlainObject(r) || typeof r.generation_id !== 'string') continue;
    out.set(r.generation_id, {
      status: r.status, variant: r.variant, variant_name: r.variant_name, final_prompt: r.final_prompt,
      analysis: r.analysis, analysis_error: r.analysis_error, error: r.error, duration_ms: r.duration_ms,
    });
  }
  return out;
}
