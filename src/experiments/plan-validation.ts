/** RunSpec validation (experiments.md §3.3). Errors are `PlanValidationError`s (exit 2). */
import { AppError } from '../errors.js';
import { GENERATION_ID_PATTERN } from '../artifacts/index.js';
import type { JsonObject, RunSpec } from './types.js';

export class PlanValidationError extends AppError {
  override readonly type = 'ValueError';
  override exitCode = 2;
}

export const RESERVED_RUN_FIELDS = [
  'variant', 'variant_name', 'plan', 'run', 'generation_id', 'seed', 'set', 'set_name', 'cfg_dict',
  'config_parsed', 'config_warnings', 'config_error', 'prompt_pipeline',
] as const;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaf paths and values of the runner-owned standard overrides (§4.3). */
export function overrideLeaves(overrides: JsonObject, prefix: string[] = []): { path: string[]; value: unknown }[] {
  const out: { path: string[]; value: unknown }[] = [];
  for (const [k, v] of Object.entries(overrides)) {
    if (isObject(v)) out.push(...overrideLeaves(v, [...prefix, k]));
    else out.push({ path: [...prefix, k], value: v });
  }
  return out;
}

function valueAt(obj: JsonObject, keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Coerce a plugin's returned run to a RunSpec (snake_case aliases accepted), then check every rule. */
export function validatePlan(
  experimentName: string,
  rawRuns: unknown,
  standardOverrides: JsonObject,
): RunSpec[] {
  if (!Array.isArray(rawRuns) || rawRuns.length === 0) {
    throw new PlanValidationError(`Experiment '${experimentName}' produced an empty plan`);
  }
  const leaves = overrideLeaves(standardOverrides);
  const seen = new Set<string>();
  return rawRuns.map((raw, i) => {
    if (!isObject(raw)) throw new PlanValidationError(`plan[${i}] must be an object`);
    const pick = (camel: string, snake: string): unknown => (raw[camel] !== undefined ? raw[camel] : raw[snake]);
    const variant = raw['variant'];
    if (typeof variant !== 'string' || !variant.trim()) throw new PlanValidationError(`plan[${i}].variant must be a non-empty string`);
    const variantName = pick('variantName', 'variant_name') ?? null;
    if (variantName !== null && (typeof variantName !== 'string' || !variantName.trim())) {
      throw new PlanValidationError(`plan[${i}].variant_name must be a non-empty string or null`);
    }
    const run = raw['run'];
    if (typeof run !== 'number' || !Number.isInteger(run) || run < 1) throw new PlanValidationError(`plan[${i}].run must be an int >= 1`);
    const gid = pick('generationId', 'generation_id');
    if (typeof gid !== 'string' || !gid) throw new PlanValidationError(`plan[${i}].generation_id must be a non-empty string`);
    if (!GENERATION_ID_PATTERN.test(gid)) {
      throw new PlanValidationError(`plan[${i}].generation_id contains characters not allowed in file names: '${gid}'`);
    }
    if (seen.has(gid)) throw new PlanValidationError(`Duplicate generation_id in plan: ${gid}`);
    seen.add(gid);
    const seed = raw['seed'] ?? null;
    if (seed !== null && (typeof seed !== 'number' || !Number.isSafeInteger(seed))) {
      throw new PlanValidationError(`plan[${i}].seed must be an int or null`);
    }
    const cfg = pick('cfg', 'cfg_dict');
    if (!isObject(cfg)) throw new PlanValidationError(`plan[${i}].cfg_dict must be an object`);
    const prompt = cfg['prompt'];
    if (isObject(prompt)) {
      const rs = prompt['random_seed'];
      if (seed !== null && rs !== undefined && rs !== null) {
        const asNumber = typeof rs === 'string' && /^\s*[+-]?\d+\s*$/.test(rs) ? Number(rs) : rs;
        if (asNumber !== seed) throw new PlanValidationError(`plan[${i}].seed (${seed}) differs from prompt.random_seed (${String(rs)})`);
      }
      const plan = prompt['plan'];
      if (plan !== undefined && (typeof plan !== 'string' || !plan.trim())) {
        throw new PlanValidationError(`Invalid prompt.plan for generation_id=${gid}: ${JSON.stringify(plan)}`);
      }
    }
    for (const leaf of leaves) {
      if (valueAt(cfg, leaf.path) !== leaf.value) {
        throw new PlanValidationError(`plan[${i}] overrides runner-owned key ${leaf.path.join('.')}`);
      }
    }
    const meta = raw['meta'] ?? {};
    if (!isObject(meta)) throw new PlanValidationError(`plan[${i}].meta must be an object`);
    for (const key of Object.keys(meta)) {
      if ((RESERVED_RUN_FIELDS as readonly string[]).includes(key)) {
        throw new PlanValidationError(`RunSpec.meta key '${key}' conflicts with a reserved planned_run field (generation_id=${gid})`);
      }
    }
    return { variant, variantName: variantName as string | null, run, generationId: gid, seed: seed as number | null, cfg, meta };
  });
}
