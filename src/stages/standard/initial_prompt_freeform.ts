/**
 * `standard.initial_prompt_freeform` (pipeline.md §8.3): like `initial_prompt` without concepts;
 * the prompt is built at compile time from the plan inputs.
 */
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { enclaveOpening, THEMES_REQUEST } from './common.js';

export const initialPromptFreeform: AppStageKind = {
  id: 'standard.initial_prompt_freeform',
  doc: 'Artists\' enclave proposes four distinct themes from the preferences alone (no concepts).',
  source: 'stages.standard.initial_prompt_freeform',
  tags: ['standard'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId, cfg, inputs }) {
    const prompt = [
      enclaveOpening(cfg, inputs.preferencesGuidance, inputs.contextGuidance),
      '',
      'There are no preset concepts: draw the subject, story and style from the preferences and your own imagination.',
      '',
      THEMES_REQUEST,
    ].join('\n');
    return chatStage({ instanceId, temperature: 0.8, prompt });
  },
};
