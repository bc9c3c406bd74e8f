/** `3x3` (experiments.md §6.4): blackbox with generator_hints vs raw profile sources, plus simple_no_concepts. */
import type { BuildPlanContext, JsonObject } from '../types.js';
import { buildMatrixPlan, MATRIX_OPTIONS, type MatrixSet } from './matrix-plan.js';

function blackboxDefaults(source: 'generator_hints' | 'raw'): JsonObject {
  return {
    prompt: {
      plan: 'blackbox',
      stage_configs: {
        defaults: {
          'blackbox.generate_idea_cards': { num_ideas: 8 },
          'blackbox.idea_cards_judge_score': { judge_profile_source: source },
          'blackbox.select_idea_card': { num_ideas: 8 },
          'blackbox.image_prompt_creation': { final_profile_source: source },
        },
      },
    },
  };
}

const SETS: Record<string, Omit<MatrixSet, 'tags'> & { tagCore: string[] }> = {
  A: {
    id: 'A',
    experimentVariant: 'A_blackbox_hints',
    notes: 'blackbox plan; judge/final profile sources use generator_hints; shared per-run concepts; concept filters disabled',
    tagCore: ['exp3x3', 'set:A', 'plan:blackbox', 'profile:hints'],
    overlay: blackboxDefaults('generator_hints'),
    fixedConcepts: true,
  },
  B: {
    id: 'B',
    experimentVariant: 'B_blackbox_raw',
    notes: 'blackbox plan; judge/final profile sources use raw profile; shared per-run concepts; concept filters disabled',
    tagCore: ['exp3x3', 'set:B', 'plan:blackbox', 'profile:raw'],
    overlay: blackboxDefaults('raw'),
    fixedConcepts: true,
  },
  C: {
    id: 'C',
    experimentVariant: 'C_simple_no_concepts',
    notes: 'simple_no_concepts plan (concept selection ignored); shared per-run concepts generated for parity',
    tagCore: ['exp3x3', 'set:C', 'plan:simple_no_concepts'],
    overlay: { prompt: { plan: 'simple_no_concepts' }, context: { enabled: false } },
    fixedConcepts: false,
  },
};

export const threeByThree = {
  name: '3x3',
  summary: '3x3: A/B blackbox profile routing (generator_hints vs raw), plus C simple_no_concepts.',
  defaultRunMode: 'full' as const,
  options: MATRIX_OPTIONS,
  buildPlan(ctx: BuildPlanContext) {
    return buildMatrixPlan({
      ctx,
      common: { prompt: { stage_configs: { defaults: { 'preprompt.filter_concepts': { enabled: false } } } } },
      sampleLimit: null,
      sets: (ids) => ids.map((id) => {
        const s = SETS[id]!;
        return { ...s, tags: s.tagCore };
      }),
    });
  },
};
