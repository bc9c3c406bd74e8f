/**
 * `standard.image_prompt_creation` (pipeline.md §8.3): the final GPT-image prompt from the conversation.
 */
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

export const SEVEN_SECTIONS = [
  'DELIVERABLE / INTENT: what the image is and what it should make the viewer feel.',
  'CONTENT: the subject, its action and the key objects, concretely.',
  'CONTEXT / WORLD: setting, time, weather and the story around the moment.',
  'STYLE / MEDIUM: medium, rendering, references to techniques (not to artists by name).',
  'COMPOSITION / GEOMETRY: framing, viewpoint, lens feel, placement, depth and negative space.',
  'CONSTRAINTS: must include / must preserve / must not include.',
  'TEXT IN IMAGE: exact text to render, or "none".',
];

export function imagePromptCreationText(size: string): string {
  return [
    'Using everything decided in this conversation, write the final prompt for a GPT-image model.',
    `The image will be rendered at ${size}.`,
    '',
    'Organise the prompt in short labelled sections, omitting any section that does not apply:',
    ...SEVEN_SECTIONS.map((s) => `- ${s}`),
    '- MULTI-IMAGE REFERENCES: only if the piece relies on reference images; otherwise omit.',
    '',
    'General rules:',
    '- Use concrete nouns and specific details instead of vague adjectives.',
    '- One requirement per line.',
    '- No contradictions between sections.',
    '- Stay under 3500 characters.',
    '',
    'Return only the prompt: no title, no preamble, no commentary.',
  ].join('\n');
}

export const standardImagePromptCreation: AppStageKind = {
  id: 'standard.image_prompt_creation',
  doc: 'Turn the conversation into the final GPT-image prompt in short labelled sections.',
  source: 'stages.standard.image_prompt_creation',
  tags: ['standard'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId, cfg }) {
    return chatStage({ instanceId, temperature: 0.8, prompt: imagePromptCreationText(cfg.providers.image.size) });
  },
};
