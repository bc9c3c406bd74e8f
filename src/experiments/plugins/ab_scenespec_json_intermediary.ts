/** `ab_scenespec_json_intermediary` (experiments.md §6.3) with its format-checking `analyzeRun`. */
import type { BuildPlanContext, JsonObject, RunOutcome, RunSpec } from '../types.js';
import { AB_OPTIONS, buildAbPlan } from './ab-plan.js';
import { abPairsManifest } from './common.js';
import { checkFinalPrompt, checkSceneSpec } from './scenespec-checks.js';

const text = (outputs: JsonObject, key: string): string => (typeof outputs[key] === 'string' ? (outputs[key] as string) : '');

export function analyzeScenespecRun(run: RunSpec, outcome: RunOutcome): JsonObject {
  const token = typeof run.meta['random_token'] === 'string' ? (run.meta['random_token'] as string) : null;
  const outputs = outcome.outputs ?? {};
  const finalPrompt = text(outputs, 'image_prompt') || outcome.finalPrompt || '';
  const has = (key: string): boolean => {
    const t = text(outputs, key);
    return t !== '' && token !== null && t.includes(token);
  };
  return {
    final_prompt: checkFinalPrompt(finalPrompt, token),
    scenespec_json: run.variant === 'B' ? checkSceneSpec(text(outputs, 'ab_scene_spec_json'), token) : null,
    token_presence: {
      in_scene_draft: has('ab_scene_draft'),
      in_scene_refined: has('ab_scene_refined'),
      in_scenespec_raw: has('ab_scene_spec_json'),
    },
  };
}

export const abScenespecJsonIntermediary = {
  name: 'ab_scenespec_json_intermediary',
  summary: 'A/B: prose refinement path vs SceneSpec JSON intermediary path for strict one-line prompts.',
  defaultRunMode: 'prompt_only' as const,
  options: AB_OPTIONS,
  buildPlan(ctx: BuildPlanContext) {
    return buildAbPlan(ctx, [
      {
        variant: 'A',
        variantName: 'prose_refine',
        sequence: ['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'ab.final_prompt_format'],
        captureStage: 'ab.final_prompt_format',
        experimentVariant: 'A_prose_refine',
        notes: 'Draft scene -> prose refinement (refinement block) -> strict one-line final prompt.',
        tags: ['ab', 'path:prose', 'plan:custom'],
      },
      {
        variant: 'B',
        variantName: 'scenespec_json',
        sequence: ['ab.random_token', 'ab.scene_draft', 'ab.scene_spec_json', 'ab.final_prompt_format_from_scenespec'],
        captureStage: 'ab.final_prompt_format_from_scenespec',
        experimentVariant: 'B_scenespec_json',
        notes: 'Draft scene -> SceneSpec JSON intermediary -> strict one-line final prompt.',
        tags: ['ab', 'path:scenespec_json', 'plan:custom'],
      },
    ]);
  },
  analyzeRun: analyzeScenespecRun,
  buildPairsManifest: abPairsManifest,
};
