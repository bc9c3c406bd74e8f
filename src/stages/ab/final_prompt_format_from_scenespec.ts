/**
 * `ab.final_prompt_format_from_scenespec` (pipeline.md §8.3): the SceneSpec as the one-line
 * template (L), without inventing anything.
 */
import { requireOutput } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { finalPromptFormat, templateExample } from './lineTemplate.js';

export const finalPromptFormatFromSceneSpec: AppStageKind = {
  id: 'ab.final_prompt_format_from_scenespec',
  doc: 'Format the SceneSpec JSON as one strict single-line prompt template, inventing nothing.',
  source: 'stages.ab.final_prompt_format_from_scenespec',
  tags: ['ab'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId }) {
    return chatStage({
      instanceId,
      temperature: 0.55,
      responseFormat: (ctx) => finalPromptFormat(requireOutput(ctx, 'ab_random_token')),
      prompt: (ctx) => {
        const token = requireOutput(ctx, 'ab_random_token');
        return [
          'Convert the SceneSpec JSON below into exactly one line in this template:',
          templateExample(token),
          '',
          'Rules: fill each field only from the matching SceneSpec values (invent nothing); keep the keys, their order and',
          `the ' | ' separators; no empty values, no "..."; TEXT_IN_SCENE is exactly "${token}" in double quotes; AR is 16:9.`,
          '',
          'SceneSpec:',
          requireOutput(ctx, 'ab_scene_spec_json'),
          '',
          'Return only the line.',
        ].join('\n');
      },
    });
  },
};
