/** `blackbox.image_prompt_openai`: the conversation's image prompt as labelled GPT-image sections (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import type { RunContext } from '../../pipeline/context.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { JUDGE_PROFILE_SOURCES, modelParams, readTemperature } from './knob-helpers.js';
import { contextSlot, joinSections, profileFor, section } from './prompt-parts.js';

const SECTIONS = [
  'Deliverable / intent',
  'Content',
  'Context / world',
  'Style / medium',
  'Composition / geometry',
  'Constraints (must include / must preserve / must not include)',
  'Text in image',
];

function cardBlock(ctx: RunContext): string | null {
  const card = ctx.outputs.selected_idea_card;
  if (card === undefined || card === null) return null;
  return section('Selected idea card (JSON)', typeof card === 'string' ? card : JSON.stringify(card, null, 2));
}

export const imagePromptOpenaiStage: AppStageKind = {
  id: 'blackbox.image_prompt_openai',
  doc: 'Rewrite the image prompt so far for a GPT-image model in short labelled sections.',
  build({ instanceId, knobs, cfg }) {
    const source = knobs.enum('final_profile_source', JUDGE_PROFILE_SOURCES, 'raw');
    const maxChars = knobs.intOrNull('max_prompt_chars', { default: null, min: 1 });
    const model = knobs.strOrNull('model', { default: null });
    const temperature = readTemperature(knobs, 'temperature', 0.8);
        const limit = maxChars ?? 3500;
    return chatStage({
      instanceId,
      prompt: (ctx) =>
        joinSections([
          'Rewrite the image prompt developed above as a prompt for a GPT-image model.',
          [
            'Use these labelled sections, in this order, and omit any section that does not apply:',
            ...SECTIONS.map((s) => `- ${s}`),
          ].join('\n'),
          [
            'Rules:',
            '- Keep the intent and every key detail; remove contradictions, redundancy and vague words.',
            '- Be concrete: one requirement per line, concrete nouns, explicit light, palette and framing.',
            `- Stay under ${limit} characters in total.`,
            '- Output the prompt only: no preamble, no markdown fences.',
          ].join('\n'),
          section('Context', contextSlot(ctx, cfg)),
          section('Profile', profileFor(ctx, source, instanceId, `prompt.stage_configs.resolved.${instanceId}.final_profile_source`)),
          cardBlock(ctx),
        ]),
      temperature,
      params: modelParams(model),
    });
  },
};
