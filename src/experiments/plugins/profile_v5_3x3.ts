/** `profile_v5_3x3` (experiments.md §6.5): blackbox_refine with v5 profile variants, plus a direct plan. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { resolvePathValue } from '../../config/paths.js';
import type { BuildPlanContext, ExperimentOption, JsonObject } from '../types.js';
import { PlanBuildError } from './common.js';
import { buildMatrixPlan, MATRIX_OPTIONS, type MatrixSet } from './matrix-plan.js';

const PATH_OPTIONS: ExperimentOption[] = [
  { flag: '--profile-like-dislike-path', type: 'string', default: null, metavar: 'PATH', help: 'v5 like/dislike profile CSV for set A (required; CLI flag or experiment_runners.profile_v5_3x3.profile_like_dislike_path).' },
  { flag: '--profile-love-like-dislike-hate-path', type: 'string', default: null, metavar: 'PATH', help: 'v5 love/like/dislike/hate profile CSV for sets B and C (required; CLI flag or experiment_runners.profile_v5_3x3.profile_love_like_dislike_hate_path).' },
  { flag: '--generator-profile-hints-path', type: 'string', default: null, metavar: 'PATH', help: 'Optional generator profile hints CSV (blackbox.generator_profile_hints mode=file) for sets A and B.' },
];

/** CLI value (relative → cwd), else runner cfg (config path rules), else null / the Missing error. */
export function resolveProfilePath(ctx: BuildPlanContext, dest: string, required: boolean): string | null {
  const cli = ctx.args[dest];
  let p: string | null = null;
  if (typeof cli === 'string' && cli.trim()) p = path.resolve(ctx.cwd, cli.trim());
  else {
    const fromCfg = ctx.runnerCfg[dest];
    if (typeof fromCfg === 'string' && fromCfg.trim()) p = resolvePathValue(fromCfg, ctx.workspaceRoot);
  }
  if (p === null) {
    if (required) throw new PlanBuildError(`Missing ${dest}. Provide CLI flag or set experiment_runners.profile_v5_3x3.${dest} in config.`);
    return null;
  }
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new PlanBuildError(`${dest} not found: ${p}`);
  }
  if (st.isDirectory()) throw new PlanBuildError(`${dest} is a directory (expected file): ${p}`);
  if (st.size === 0) throw new PlanBuildError(`${dest} is empty: ${p}`);
  return p;
}

function refineDefaults(hints: string | null): JsonObject {
  return {
    'blackbox.prepare': { novelty: { enabled: false, window: 0 } },
    'blackbox.generator_profile_hints': hints ? { mode: 'file', hints_path: hints } : { mode: 'abstract' },
    'blackbox.generate_idea_cards': { num_ideas: 8, idea_profile_source: 'generator_hints_plus_dislikes' },
    'blackbox.idea_cards_judge_score': { judge_profile_source: 'raw' },
    'blackbox.select_idea_card': { num_ideas: 8, novelty: { enabled: false, window: 0 } },
    'blackbox_refine.seed_prompt': { final_profile_source: 'raw' },
    'blackbox_refine.loop': {
      variation_prompt: { include_profile: true, profile_source: 'dislikes_only' },
      judge_profile_source: 'raw',
      novelty: { enabled: false, window: 0 },
    },
  };
}

export const profileV5ThreeByThree = {
  name: 'profile_v5_3x3',
  summary: '3x3: A/B blackbox_refine with v5 profile variants, plus C direct prompt from concepts.',
  defaultRunMode: 'full' as const,
  options: [...MATRIX_OPTIONS, ...PATH_OPTIONS],
  buildPlan(ctx: BuildPlanContext) {
    const likeDislike = resolveProfilePath(ctx, 'profile_like_dislike_path', true)!;
    const loveHate = resolveProfilePath(ctx, 'profile_love_like_dislike_hate_path', true)!;
    const hints = resolveProfilePath(ctx, 'generator_profile_hints_path', false);
    const sets: Record<string, MatrixSet> = {
      A: {
        id: 'A',
        experimentVariant: 'A_blackbox_refine_like_dislike',
        notes: 'blackbox_refine plan; v5 like/dislike profile; shared per-run concepts; concept filters enabled',
        tags: ['exp3x3', 'profile_v5', 'set:A', 'plan:blackbox_refine', 'profile:like_dislike'],
        overlay: { prompt: { plan: 'blackbox_refine', profile_path: likeDislike, stage_configs: { defaults: refineDefaults(hints) } } },
        fixedConcepts: true,
      },
      B: {
        id: 'B',
        experimentVariant: 'B_blackbox_refine_love_like_dislike_hate',
        notes: 'blackbox_refine plan; v5 love/like/dislike/hate profile; shared per-run concepts; concept filters enabled',
        tags: ['exp3x3', 'profile_v5', 'set:B', 'plan:blackbox_refine', 'profile:love_like_dislike_hate'],
        overlay: { prompt: { plan: 'blackbox_refine', profile_path: loveHate, stage_configs: { defaults: refineDefaults(hints) } } },
        fixedConcepts: true,
      },
      C: {
        id: 'C',
        experimentVariant: 'C_direct_none_love_like_dislike_hate',
        notes: 'direct plan (single-turn final prompt from concepts + profile); v5 profile; shared per-run concepts',
        tags: ['exp3x3', 'profile_v5', 'set:C', 'plan:direct', 'profile:love_like_dislike_hate'],
        overlay: { prompt: { plan: 'direct', profile_path: loveHate } },
        fixedConcepts: true,
      },
    };
    return buildMatrixPlan({
      ctx,
      common: { prompt: { stage_configs: { defaults: { 'preprompt.filter_concepts': { enabled: true } } } } },
      sampleLimit: 2,
      sets: (ids) => ids.map((id) => sets[id]!),
      meta: { profiles: { like_dislike: likeDislike, love_like_dislike_hate: loveHate, generator_hints: hints } },
      experimentMeta: { profiles: { like_dislike: likeDislike, love_like_dislike_hate: loveHate, generator_profile_hints_path: hints } },
    });
  },
};
