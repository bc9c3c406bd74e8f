/** experiment_plan.json → PlanRecord (index.md §3.5; experiments.md §5.1 with legacy keys). */
import type { ParsedSource, PlanRecord, PlannedRun } from './types.js';
import { errorText, errorTypeName } from './types.js';
import { intOrNull, textOrNull } from './values.js';
import { ip } from './record-helpers.js';

function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function plannedRun(entry: Record<string, unknown>): PlannedRun | null {
  const gid = textOrNull(entry.generation_id);
  if (!gid) return null;
  return {
    generation_id: ip(gid),
    // variant_key: `variant`, else legacy `set`, else the first character of the id.
    variant_key: ip(textOrNull(entry.variant) ?? textOrNull(entry.set) ?? gid.slice(0, 1)),
    variant_name: ip(textOrNull(entry.variant_name) ?? textOrNull(entry.set_name)),
    plan: ip(textOrNull(entry.plan)),
    run: intOrNull(entry.run),
    seed: intOrNull(entry.seed),
  };
}

export function planFromJson(obj: Record<string, unknown>): PlanRecord {
  const meta = asObject(obj.experiment_meta);
  const runs = Array.isArray(obj.planned_runs) ? obj.planned_runs : [];
  const planned: PlannedRun[] = [];
  for (const entry of runs) {
    const o = asObject(entry);
    const p = o ? plannedRun(o) : null;
    if (p) planned.push(p);
  }
  return {
    experiment_id: textOrNull(obj.experiment_id),
    experiment_name: textOrNull(obj.experiment_name),
    run_mode: textOrNull(obj.run_mode),
    base_seed: intOrNull(meta?.base_seed) ?? intOrNull(obj.base_seed),
    output_root: textOrNull(obj.output_root),
    planned,
  };
}

export function parsePlanBytes(bytes: Buffer, relPath: string): ParsedSource {
  const base: ParsedSource = {
    kind: 'experiment_plan',
    accepted: false,
    records: [],
    warnings: [],
    tailWarning: null,
    completeBytes: bytes.length,
    completeLines: 0,
    header: null,
  };
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  // An empty file is treated as empty (index.md §2): no experiment, no warning.
  if (text.trim() === '') return base;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ...base, warnings: [`${relPath}: ${errorTypeName(err)}: ${errorText(err)}`] };
  }
  const obj = asObject(value);
  if (!obj) return { ...base, warnings: [`${relPath}: TypeError: expected a JSON object`] };
  return { ...base, accepted: true, records: [planFromJson(obj)] };
}
