/**
 * `postprompt.openai_format` (pipeline.md §8.3): a clean GPT-image prompt from the latest prompt
 * (or the nudged one, unless the nudge dropped a "no people"-style exclusion).
 */
import { outputText } from '../../inputs/promptBlocks.js';
import { chatStage, type RunContext } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { hasPeopleExclusion, latestPrompt } from './latestPrompt.js';

/** The draft openai_format works on. */
export function openaiFormatDraft(ctx: RunContext): string {
  const draft = latestPrompt(ctx, 'postprompt.openai_format');
  const nudged = outputText(ctx, 'postprompt.nudged_prompt');
  if (!nudged) return draft;
  if (hasPeopleExclusion(draft) && !hasPeopleExclusion(nudged)) return draft;
  return nudged;
}

export function openaiFormatInstructions(maxChars: number): string[] {
  return [
    'Rewrite the draft below into a clean prompt for a GPT-image model.',
    '- Keep its intent and every key detail; remove contradictions, redundancy and vagueness.',
    '- Be concrete: name the subject, action, setting, light, framing, medium and palette.',
    '- Use short labelled sections (for example SUBJECT, SETTING, STYLE, COMPOSITION, LIGHT, CONSTRAINTS).',
    `- Stay under ${maxChars} characters.`,
    '- Return only the prompt, with no preamble or commentary.',
  ];
}

export const openaiFormat: AppStageKind = {
  id: 'postprompt.openai_format',
  doc: 'Format the latest (possibly nudged) prompt as a clean GPT-image prompt in labelled sections.',
  source: 'stages.postprompt.openai_format',
  tags: ['postprompt'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId, knobs }) {
    const maxChars = knobs.intOrNull('max_prompt_chars', { default: null, min: 1 }) ?? 3500;
    return chatStage({
      instanceId,
      temperature: 0.3,
      prompt: (ctx) => [...openaiFormatInstructions(maxChars), '', 'Draft:', openaiFormatDraft(ctx)].join('\n'),
    });
  },
};
