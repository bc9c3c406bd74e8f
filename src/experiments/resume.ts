/**
 * `--resume` / `--retry-errors` (experiments.md §4.10): the stored full plan, the runs_index state,
 * the selection of runs to execute and the previous results (rebuilt from runs_index when missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, errorMessage } from '../errors.js';
import { parseJsonl } from '../artifacts/index.js';
import { RESERVED_RUN_FIELDS } from './plan-validation.js';
import type { ConfigErrorInfo } from './plan-files.js';
import type { JsonObject, RunSpec } from './types.js';

export class ResumeStateError extends AppError {
  override readonly type = 'ResumeStateError';
  override exitCode = 2;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface StoredRun {
  spec: RunSpec;
  configError: ConfigErrorInfo | null;
  fullEntry: JsonObject;
}

export interface StoredPlan {
  doc: JsonObject;
  experimentName: string;
  experimentId: string;
  runMode: string;
  configMeta: JsonObject | null;
  experimentMeta: JsonObject;
  standardOverrides: JsonObject;
  runs: StoredRun[];
}

export function readStoredPlan(outputRoot: string): StoredPlan {
  const file = path.join(outputRoot, 'experiment_plan_full.json');
  if (!existsSync(file)) throw new ResumeStateError(`--resume requires ${file} to exist`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ResumeStateError(`Failed to read ${file} for resume: ${errorMessage(err)}`);
  }
  if (!isObject(doc)) throw new ResumeStateError(`Failed to read ${file} for resume: not a JSON object`);
  const list = Array.isArray(doc['planned_runs_full']) ? doc['planned_runs_full'] : [];
  const runs: StoredRun[] = [];
  list.forEach((raw, i) => {
    if (!isObject(raw)) return;
    const bad = (field: string): never => {
      throw new ResumeStateError(`planned_runs_full[${i}].${field} missing/invalid`);
    };
    const variant = raw['variant'] ?? raw['set'];
    if (typeof variant !== 'string' || !variant) bad('variant');
    const variantName = raw['variant_name'] ?? raw['set_name'] ?? null;
    if (variantName !== null && typeof variantName !== 'string') bad('variant_name');
    const run = raw['run'];
    if (typeof run !== 'number' || !Number.isInteger(run) || run < 1) bad('run');
    const gid = raw['generation_id'];
    if (typeof gid !== 'string' || !gid) bad('generation_id');
    const seed = raw['seed'] ?? null;
    if (seed !== null && (typeof seed !== 'number' || !Number.isSafeInteger(seed))) bad('seed');
    const cfg = raw['cfg_dict'];
    if (!isObject(cfg)) bad('cfg_dict');
    const meta: JsonObject = {};
    for (const [k, v] of Object.entries(raw)) {
      if (!(RESERVED_RUN_FIELDS as readonly string[]).includes(k)) meta[k] = v;
    }
    const ce = raw['config_error'];
    runs.push({
      spec: {
        variant: variant as string,
        variantName: variantName as string | null,
        run: run as number,
        generationId: gid as string,
        seed: seed as number | null,
        cfg: cfg as JsonObject,
        meta,
      },
      configError: isObject(ce) ? { type: String(ce['type'] ?? 'ConfigError'), message: String(ce['message'] ?? '') } : null,
      fullEntry: raw,
    });
  });
  if (runs.length === 0) throw new ResumeStateError('experiment_plan_full.json contains no planned runs');
  const runner = isObject(doc['runner']) ? doc['runner'] : {};
  return {
    doc,
    experimentName: String(doc['experiment_name'] ?? ''),
    experimentId: String(doc['experiment_id'] ?? ''),
    runMode: String(doc['run_mode'] ?? 'full'),
    configMeta: isObject(doc['config_meta']) ? doc['config_meta'] : null,
    experimentMeta: isObject(doc['experiment_meta']) ? doc['experiment_meta'] : {},
    standardOverrides: isObject(runner['standard_overrides']) ? runner['standard_overrides'] : {},
    runs,
  };
}

/** Latest runs_index line per generation id (file order; torn lines skipped). Null when the file is missing. */
export function readRunsIndexState(file: string): Map<string, JsonObject> | null {
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ResumeStateError(`Failed to read ${file} for resume: ${errorMessage(err)}`);
  }
  const state = new Map<string, JsonObject>();
  for (const rec of parseJsonl<JsonObject>(text).records) {
    const gid = rec['generation_id'];
    if (typeof gid === 'string') state.set(gid, rec);
  }
  return state;
}

/** Previous results entries; `warn` gets the §4.10 WARNING when the file exists but cannot be read. */
export function readPreviousResults(file: string, warn: (m: string) => void): JsonObject[] {
  if (!existsSync(file)) return [];
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const list = isObject(doc) ? doc['results'] : Array.isArray(doc) ? doc : null;
    if (!Array.isArray(list)) throw new Error('no results list');
    return list.filter(isObject);
  } catch (err) {
    warn(`Could not read previous experiment_results.json (${errorMessage(err)}); rebuilding from runs_index.jsonl`);
    return [];
  }
}

function readFinalPrompt(line: JsonObject): string | null {
  const artifacts = isObject(line['artifacts']) ? line['artifacts'] : {};
  const fp = artifacts['final_prompt'];
  if (typeof fp === 'string') {
    try {
      return readFileSync(fp, 'utf8').replace(/\s+$/, '');
    } catch {
      /* fall back to the transcript */
    }
  }
  const tr = artifacts['transcript'];
  if (typeof tr === 'string') {
    try {
      const doc = JSON.parse(readFileSync(tr, 'utf8')) as JsonObject;
      if (typeof doc['final_image_prompt'] === 'string') return doc['final_image_prompt'];
    } catch {
      /* nothing to recover */
    }
  }
  return null;
}

/** A success entry rebuilt from a runs_index line (killed between the line and the results write). */
export function rebuiltEntry(spec: RunSpec, line: JsonObject): JsonObject {
  const artifacts = isObject(line['artifacts']) ? line['artifacts'] : {};
  const image = (artifacts['upscaled_image'] ?? artifacts['image'] ?? null) as string | null;
  const entry: JsonObject = {
    variant: spec.variant,
    variant_name: spec.variantName,
    run: spec.run,
    generation_id: spec.generationId,
    seed: spec.seed,
    status: 'success',
    image_path: image,
    final_prompt: readFinalPrompt(line),
    outputs: { prompt_pipeline: line['prompt_pipeline'] ?? null },
    error: null,
  };
  if (typeof line['duration_ms'] === 'number') entry['duration_ms'] = line['duration_ms'];
  entry['rebuilt'] = true;
  return entry;
}

/** Which runs to execute (§4.10 step 7). */
export function selectRuns(
  runs: RunSpec[],
  state: Map<string, JsonObject>,
  previous: Map<string, JsonObject>,
  retryErrors: boolean,
): RunSpec[] {
  return runs.filter((r) => {
    const status = state.get(r.generationId)?.['status'];
    if (!retryErrors) return status !== 'success';
    if (status === 'error') return true;
    return status !== 'success' && previous.get(r.generationId)?.['status'] === 'error';
  });
}
