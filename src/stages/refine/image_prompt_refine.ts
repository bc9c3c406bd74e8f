/**
 * `refine.image_prompt_refine` (pipeline.md §8.3): the openai_format intent applied to the draft input.
 */
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { openaiFormatInstructions } from '../postprompt/openai_format.js';

export const imagePromptRefine: AppStageKind = {
  id: 'refine.image_prompt_refine',
  doc: 'Refine a given draft prompt into a clean GPT-image prompt (refine_only plan).',
  source: 'stages.refine.image_prompt_refine',
  tags: ['refine'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId, inputs }) {
    const draft = inputs.draftPrompt?.trim();
    if (!draft) throw new Error('stage refine.image_prompt_refine requires inputs.draft_prompt (prompt.plan=refine_only)');
    return chatStage({
      instanceId,
      temperature: 0.8,
      prompt: [...openaiFormatInstructions(3500), '', 'Draft:', draft].join('\n'),
    });
  },
};
