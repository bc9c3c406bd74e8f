/** Conventions shared by the built-in experiments (experiments.md §6.1). */
import { statSync } from 'node:fs';
import { utcTimestamp } from '../../artifacts/index.js';
import { packageDataPath } from '../../config/paths.js';
import { AppError } from '../../errors.js';
import type { ExperimentOption, JsonObject, PairsContext, PairsPayload, RunSpec } from '../types.js';

/** A planning error raised by a built-in plugin (`experiments run failed: ValueError: …`, exit 2). */
export class PlanBuildError extends AppError {
  override readonly type = 'ValueError';
  override exitCode = 2;
}

export const SEED_OPTION: ExperimentOption = {
  flag: '--seed',
  type: 'int',
  default: null,
  help: 'Base seed used to derive per-run prompt.random_seed values.',
};

/** `--seed` if given, else the current Unix time in seconds. */
export function baseSeed(args: JsonObject): number {
  const s = args['seed'];
  return typeof s === 'number' ? s : Math.floor(Date.now() / 1000);
}

export function positiveInt(args: JsonObject, dest: string, flag: string): number {
  const v = args[dest];
  if (typeof v !== 'number' || v <= 0) throw new PlanBuildError(`${flag} must be > 0`);
  return v;
}

export const SAMPLE_CATEGORIES = 'builtin:sample/category_list_v1.csv';
export const SAMPLE_PROFILE = 'builtin:sample/user_profile_v4.csv';

function checkSampleFile(label: string, rel: string): void {
  const p = packageDataPath(rel.slice('builtin:'.length));
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new PlanBuildError(`Missing ${label} for --data sample: ${p}`);
  }
  if (st.isDirectory()) throw new PlanBuildError(`${label} path is a directory: ${p}`);
  if (st.size === 0) throw new PlanBuildError(`${label} is empty: ${p}`);
}

/** `--data sample` overlay (checked at planning), or `{}` for `--data config`. */
export function dataOverlay(dataMode: string): JsonObject {
  if (dataMode !== 'sample') return {};
  checkSampleFile('sample categories CSV', SAMPLE_CATEGORIES);
  checkSampleFile('sample profile CSV', SAMPLE_PROFILE);
  return { prompt: { categories_path: SAMPLE_CATEGORIES, profile_path: SAMPLE_PROFILE } };
}

/** Pairs manifest of an A/B plan (§5.4): A_i with B_i, sorted by run index. */
export function abPairsManifest(plan: RunSpec[], ctx: PairsContext): PairsPayload {
  const byRun = new Map<number, Map<string, string>>();
  for (const r of plan) {
    const m = byRun.get(r.run) ?? new Map<string, string>();
    m.set(r.variant, r.generationId);
    byRun.set(r.run, m);
  }
  const pairs = [...byRun.keys()].sort((a, b) => a - b).map((run) => {
    const m = byRun.get(run)!;
    const a = m.get('A');
    const b = m.get('B');
    if (!a || !b) {
      throw new PlanBuildError(
        `A/B experiment plan must include both variants for every run index (run=${run}, present=[${[...m.keys()].sort().map((v) => `'${v}'`).join(', ')}])`,
      );
    }
    return { run_index: run, a_generation_id: a, b_generation_id: b, metadata: { mode: ctx.runMode } };
  });
  return { schema_version: 1, experiment_id: ctx.experimentId, created_at: utcTimestamp(), pairs };
}
