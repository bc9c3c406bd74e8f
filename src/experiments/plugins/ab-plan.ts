/** Planner shared by the two A/B experiments (experiments.md §6.2, §6.3). */
import type { BuildPlanContext, ExperimentOption, ExperimentPlan, JsonObject, RunSpec } from '../types.js';
import { baseSeed, dataOverlay, positiveInt, SEED_OPTION } from './common.js';

export const AB_OPTIONS: ExperimentOption[] = [
  { flag: '--runs', type: 'int', default: 5, help: 'Run pairs to execute (A and B are run for each index).' },
  SEED_OPTION,
  {
    flag: '--data',
    type: 'string',
    default: 'config',
    choices: ['sample', 'config'],
    help: 'Data source for categories/profile: config uses the loaded config; sample uses the bundled sample CSVs.',
  },
];

export interface AbVariant {
  variant: 'A' | 'B';
  variantName: string;
  sequence: string[];
  captureStage: string;
  experimentVariant: string;
  notes: string;
  /** Tags before `mode:<m>` and `run:<n>`. */
  tags: string[];
}

export async function buildAbPlan(ctx: BuildPlanContext, variants: [AbVariant, AbVariant]): Promise<ExperimentPlan> {
  // helpers pull in the config and pipeline modules: loaded on use so `experiments list` stays fast
  const { abRandomToken, mergeConfig, newGenerationId } = await import('../helpers.js');
  const runs = positiveInt(ctx.args, 'runs', '--runs');
  const dataMode = String(ctx.args['data'] ?? 'config');
  const seed0 = baseSeed(ctx.args);
  const common = mergeConfig(
    {
      prompt: {
        plan: 'custom',
        stages: { sequence: [], include: [], exclude: [], overrides: {} },
        output: { capture_stage: 'ab.final_prompt_format' },
      },
      context: { enabled: false },
    },
    dataOverlay(dataMode),
  );
  const withCommon = mergeConfig(ctx.baseCfg, common);
  const specs: RunSpec[] = [];
  for (let i = 0; i < runs; i++) {
    const seed = seed0 + i;
    const n = i + 1;
    const token = abRandomToken(seed);
    for (const v of variants) {
      const overlay: JsonObject = {
        prompt: { random_seed: seed, stages: { sequence: v.sequence }, output: { capture_stage: v.captureStage } },
        experiment: { variant: v.experimentVariant, notes: v.notes, tags: [...v.tags, `mode:${ctx.runMode}`, `run:${n}`] },
      };
      specs.push({
        variant: v.variant,
        variantName: v.variantName,
        run: n,
        generationId: newGenerationId(`${v.variant}${n}`),
        seed,
        cfg: mergeConfig(withCommon, overlay),
        meta: { random_token: token, data_mode: dataMode },
      });
    }
  }
  return { runs: specs, experimentMeta: { base_seed: seed0, runs_per_variant: runs, data_mode: dataMode } };
}
