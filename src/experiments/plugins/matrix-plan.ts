/** Planner shared by `3x3` and `profile_v5_3x3` (experiments.md §6.4, §6.5): sets, shared per-run concepts, seeds. */
import { existsSync } from 'node:fs';
import { resolvePathValue } from '../../config/paths.js';
import type * as Helpers from '../helpers.js';
import type { BuildPlanContext, ExperimentOption, ExperimentPlan, JsonObject, RunSpec } from '../types.js';
import { baseSeed, PlanBuildError, positiveInt, SEED_OPTION } from './common.js';

export const SET_IDS = ['A', 'B', 'C'] as const;
export const CONCEPT_PURPOSE = 'concepts:preprompt.select_concepts';

export const MATRIX_OPTIONS: ExperimentOption[] = [
  { flag: '--sets', type: 'string', default: 'A,B,C', help: 'Comma-separated set ids to run (A,B,C).' },
  { flag: '--runs-per-set', type: 'int', default: 3, help: 'Runs per set.' },
  SEED_OPTION,
  {
    flag: '--concept',
    type: 'string',
    repeatable: true,
    default: null,
    help: 'Optional pinned concept (repeatable). If omitted, concepts are randomly sampled per run index and shared across sets.',
  },
];

const pyList = (xs: string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

export function parseSets(value: unknown): string[] {
  const ids = String(value ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (ids.length === 0) return [...SET_IDS];
  const unknown = [...new Set(ids.filter((s) => !(SET_IDS as readonly string[]).includes(s)))].sort();
  if (unknown.length) throw new PlanBuildError(`Unknown set id(s): ${pyList(unknown)} (expected: A,B,C)`);
  const dup = [...new Set(ids.filter((s, i) => ids.indexOf(s) !== i))].sort();
  if (dup.length) throw new PlanBuildError(`Duplicate set id(s) in --sets: ${pyList(dup)}`);
  return ids;
}

export interface RunConcepts {
  run: number;
  concept_seed: number;
  concepts: string[];
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** One concept list per run index, distinct across indices when possible (50 attempts each). */
export function sharedConcepts(
  h: typeof Helpers,
  categoriesPath: string,
  seed0: number,
  runs: number,
  pinned: string[],
  sampleLimit: number | null,
): RunConcepts[] {
  if (!existsSync(categoriesPath)) throw new PlanBuildError(`prompt.categories_path not found: ${categoriesPath}`);
  const table = h.loadCategories(categoriesPath);
  const out: RunConcepts[] = [];
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  for (let i = 0; i < runs; i++) {
    let accepted: RunConcepts | null = null;
    let last: RunConcepts | null = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      const conceptSeed = seed0 + i + 1000 * attempt;
      let sampled = h.selectRandomConcepts(table, h.stream(conceptSeed, CONCEPT_PURPOSE)).map((c) => c.trim()).filter(Boolean);
      if (sampleLimit !== null) sampled = sampled.slice(0, sampleLimit);
      const combined = dedupe([...pinned, ...sampled]);
      last = { run: i + 1, concept_seed: conceptSeed, concepts: combined };
      if (combined.length > 0 && !out.some((o) => same(o.concepts, combined))) {
        accepted = last;
        break;
      }
    }
    out.push(accepted ?? last!);
  }
  return out;
}

export interface MatrixSet {
  id: 'A' | 'B' | 'C';
  experimentVariant: string;
  notes: string;
  /** Tags before `mode:<m>` and `run:<n>`. */
  tags: string[];
  /** Set overlay (plan, stage configs, …) without the experiment labels. */
  overlay: JsonObject;
  fixedConcepts: boolean;
}

export interface MatrixPlanInput {
  ctx: BuildPlanContext;
  common: JsonObject;
  sets: (ids: string[]) => MatrixSet[];
  sampleLimit: number | null;
  meta?: JsonObject;
  experimentMeta?: JsonObject;
}

export function categoriesPathOf(ctx: BuildPlanContext): string {
  const prompt = ctx.baseCfg['prompt'];
  const value = prompt && typeof prompt === 'object' ? (prompt as JsonObject)['categories_path'] : undefined;
  if (typeof value !== 'string' || !value.trim()) throw new PlanBuildError('prompt.categories_path not found: <not set>');
  return resolvePathValue(value, ctx.workspaceRoot);
}

export async function buildMatrixPlan(input: MatrixPlanInput): Promise<ExperimentPlan> {
  const { ctx } = input;
  // helpers pull in the config, pipeline and inputs modules: loaded on use so `experiments list` stays fast
  const h = await import('../helpers.js');
  const { mergeConfig, newGenerationId } = h;
  const ids = parseSets(ctx.args['sets']);
  const runsPerSet = positiveInt(ctx.args, 'runs_per_set', '--runs-per-set');
  const seed0 = baseSeed(ctx.args);
  const rawPinned = Array.isArray(ctx.args['concept']) ? (ctx.args['concept'] as unknown[]) : [];
  const pinned = rawPinned.map((c) => String(c).trim()).filter(Boolean);
  const concepts = sharedConcepts(h, categoriesPathOf(ctx), seed0, runsPerSet, pinned, input.sampleLimit);
  const specs: RunSpec[] = [];
  for (const set of input.sets(ids)) {
    const k = SET_IDS.indexOf(set.id);
    const setOverlay = mergeConfig(set.overlay, { experiment: { variant: set.experimentVariant, notes: set.notes } });
    const withSet = mergeConfig(ctx.baseCfg, mergeConfig(input.common, setOverlay));
    for (let i = 0; i < runsPerSet; i++) {
      const seed = seed0 + 10000 * k + i;
      const c = concepts[i]!;
      const prompt: JsonObject = { random_seed: seed };
      if (set.fixedConcepts) {
        prompt['stage_configs'] = { instances: { 'preprompt.select_concepts': { strategy: 'fixed', fixed: [...c.concepts] } } };
      }
      const overlay = { prompt, experiment: { tags: [...set.tags, `mode:${ctx.runMode}`, `run:${i + 1}`] } };
      specs.push({
        variant: set.id,
        variantName: set.experimentVariant,
        run: i + 1,
        generationId: newGenerationId(`${set.id}${i + 1}`),
        seed,
        cfg: mergeConfig(withSet, overlay),
        meta: { concept_seed: c.concept_seed, concepts: [...c.concepts], ...(input.meta ?? {}) },
      });
    }
  }
  return {
    runs: specs,
    experimentMeta: {
      base_seed: seed0,
      runs_per_set: runsPerSet,
      sets: ids,
      pinned_concepts: pinned,
      concepts_by_run: concepts,
      ...(input.experimentMeta ?? {}),
    },
  };
}
