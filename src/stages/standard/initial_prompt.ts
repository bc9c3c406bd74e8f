/**
 * `standard.initial_prompt` (pipeline.md §8.3): the enclave proposes four themes from the concepts.
 */
import { outputText, runPreferences } from '../../inputs/promptBlocks.js';
import type { AppStageKind } from '../../plans/types.js';
import { conceptsChatStage } from '../shared/concepts-stage.js';
import { conceptsSection, enclaveOpening, THEMES_REQUEST } from './common.js';

export const initialPrompt: AppStageKind = {
  id: 'standard.initial_prompt',
  doc: 'Artists\' enclave proposes four distinct themes that blend the selected concepts for the audience.',
  source: 'stages.standard.initial_prompt',
  tags: ['standard'],
  io: { requires: ['selected_concepts'], provides: [], captures: [] },
  build({ instanceId, cfg }) {
    return conceptsChatStage({
      stageId: 'standard.initial_prompt',
      instanceId,
      temperature: 0.8,
      prompt: (ctx, concepts) =>
        [
          enclaveOpening(cfg, runPreferences(ctx), outputText(ctx, 'context_guidance')),
          '',
          conceptsSection(concepts),
          '',
          THEMES_REQUEST,
        ].join('\n'),
    });
  },
};
