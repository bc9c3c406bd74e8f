/** `ab_refinement_block` (experiments.md §6.2). */
import type { BuildPlanContext } from '../types.js';
import { AB_OPTIONS, buildAbPlan } from './ab-plan.js';
import { abPairsManifest } from './common.js';

export const abRefinementBlock = {
  name: 'ab_refinement_block',
  summary: 'A/B: middle refinement stage with vs without an explicit refinement block checklist.',
  defaultRunMode: 'prompt_only' as const,
  options: AB_OPTIONS,
  buildPlan(ctx: BuildPlanContext) {
    return buildAbPlan(ctx, [
      {
        variant: 'A',
        variantName: 'no_refinement_block',
        sequence: ['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_no_block', 'ab.final_prompt_format'],
        captureStage: 'ab.final_prompt_format',
        experimentVariant: 'A_no_refinement_block',
        notes: 'Middle prompt is a minimal refinement instruction set.',
        tags: ['ab', 'refinement_block:no', 'plan:custom'],
      },
      {
        variant: 'B',
        variantName: 'with_refinement_block',
        sequence: ['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'ab.final_prompt_format'],
        captureStage: 'ab.final_prompt_format',
        experimentVariant: 'B_with_refinement_block',
        notes: 'Middle prompt includes an explicit refinement block checklist.',
        tags: ['ab', 'refinement_block:yes', 'plan:custom'],
      },
    ]);
  },
  buildPairsManifest: abPairsManifest,
};
