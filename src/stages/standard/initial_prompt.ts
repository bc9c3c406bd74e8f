/**
 * `standard.initial_prompt` (pipeline.md §8.3): the enclave proposes four themes from the concepts.
 */
import { PipelineError } from '../../errors.js';
import { outputText, runConcepts, runPreferences } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { conceptsSection, enclaveOpening, THEMES_REQUEST } from './common.js';

export const initialPrompt: AppStageKind = {
  id: 'standard.initial_prompt',
  doc: 'Artists\' enclave proposes four distinct themes that blend the selected concepts for the audience.',
  source: 'stages.standard.initial_prompt',
  tags: ['standard'],
  io: { requires: ['selected_concepts'], provides: [], captures: [] },
  build({ instanceId, cfg }) {
    return chatStage({
      instanceId,
      temperature: 0.8,
      prompt: (ctx) => {
        const concepts = runConcepts(ctx);
        if (!concepts.length) {
          throw new PipelineError(
            'standard.initial_prompt requires selected concepts; run preprompt.select_concepts first (or include it in the plan).',
          );
        }
        return [
          enclaveOpening(cfg, runPreferences(ctx), outputText(ctx, 'context_guidance')),
          '',
          conceptsSection(concepts),
          '',
          THEMES_REQUEST,
        ].join('\n');
      },
    });
  },
};
