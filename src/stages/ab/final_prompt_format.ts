/**
 * `ab.final_prompt_format` (pipeline.md §8.3): the refined scene as the strict one-line template (L).
 */
import { requireOutput } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { finalPromptFormat, templateExample } from './lineTemplate.js';

export const finalPromptFormatStage: AppStageKind = {
  id: 'ab.final_prompt_format',
  doc: 'Format the refined scene as one strict single-line prompt template.',
  source: 'stages.ab.final_prompt_format',
  tags: ['ab'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId }) {
    return chatStage({
      instanceId,
      temperature: 0.6,
      responseFormat: (ctx) => finalPromptFormat(requireOutput(ctx, 'ab_random_token')),
      prompt: (ctx) => {
        const token = requireOutput(ctx, 'ab_random_token');
        return [
          'Convert the scene below into exactly one line in this template:',
          templateExample(token),
          '',
          'Rules: replace every <placeholder> with concrete words from the scene; keep the keys, their order and the',
          `' | ' separators; no empty values, no "..."; TEXT_IN_SCENE is exactly "${token}" in double quotes; AR is 16:9.`,
          '',
          'Scene:',
          requireOutput(ctx, 'ab_scene_refined'),
          '',
          'Return only the line.',
        ].join('\n');
      },
    });
  },
};
