/** The per-experiment entries of experiments_index.json (index.md §4.1). */
import type { PlannedRun, PlanRecord, RunLine } from './types.js';
import { distinctValue } from './record-helpers.js';

export interface VariantSummary {
  key: string;
  planned_plan: string | string[] | null;
  planned_variant_name: string | string[] | null;
  experiment_variant: string | null;
  notes: string | null;
  tags: string[];
  planned_runs: number;
}

export interface ExperimentSummary {
  schema_version: 1;
  experiment_id: string;
  experiment_name: string | null;
  experiment_dir: string;
  plan_path: string;
  plan_full_path: string | null;
  results_path: string | null;
  runs_index_path: string | null;
  titles_manifest_path: string | null;
  run_mode: string | null;
  base_seed: number | null;
  variant_keys: string[];
  variants: VariantSummary[];
  planned_runs: number;
  executed_runs: number;
  succeeded_runs: number;
  failed_runs: number;
  images: number;
}

/** An experiment found in the tree: its folder, plan file and plan. */
export interface Experiment {
  dir: string;
  planRel: string;
  plan: PlanRecord;
  id: string;
}

export interface PlannedRef {
  planned: PlannedRun;
  exp: Experiment;
}

export function summarize(
  exp: Experiment,
  R: Map<string, RunLine>,
  runIdsInFile: Set<string> | undefined,
  manifestIds: Set<string> | undefined,
  paths: { planFull: string | null; results: string | null; runsIndex: string | null; manifest: string | null },
): ExperimentSummary {
  const byKey = new Map<string, PlannedRun[]>();
  for (const p of exp.plan.planned) {
    const key = p.variant_key ?? '';
    const list = byKey.get(key) ?? [];
    list.push(p);
    byKey.set(key, list);
  }
  const variants: VariantSummary[] = [];
  for (const [key, runs] of byKey) {
    const withLine = runs.map((p) => R.get(p.generation_id)).find((r) => r !== undefined);
    variants.push({
      key,
      planned_plan: distinctValue(runs.map((p) => p.plan)),
      planned_variant_name: distinctValue(runs.map((p) => p.variant_name)),
      experiment_variant: withLine?.experiment ? toText(withLine.experiment.variant) : null,
      notes: withLine?.experiment ? toText(withLine.experiment.notes) : null,
      tags: withLine?.experiment?.tags ?? [],
      planned_runs: runs.length,
    });
  }
  const plannedIds = new Set(exp.plan.planned.map((p) => p.generation_id));
  let executed = 0;
  let succeeded = 0;
  let failed = 0;
  for (const gid of plannedIds) {
    if (runIdsInFile?.has(gid)) executed++;
    const status = R.get(gid)?.status;
    if (status === 'success') succeeded++;
    else if (status === 'error') failed++;
  }
  return {
    schema_version: 1,
    experiment_id: exp.id,
    experiment_name: exp.plan.experiment_name,
    experiment_dir: exp.dir,
    plan_path: exp.planRel,
    plan_full_path: paths.planFull,
    results_path: paths.results,
    runs_index_path: paths.runsIndex,
    titles_manifest_path: paths.manifest,
    run_mode: exp.plan.run_mode,
    base_seed: exp.plan.base_seed,
    variant_keys: [...byKey.keys()],
    variants,
    planned_runs: exp.plan.planned.length,
    executed_runs: executed,
    succeeded_runs: succeeded,
    failed_runs: failed,
    images: manifestIds?.size ?? 0,
  };
}

function toText(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
