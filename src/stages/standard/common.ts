/**
 * Shared pieces of the multi-turn `standard` stages.
 */
import type { AppConfig } from '../../config/index.js';
import { audienceBlock, audienceName } from '../../inputs/audience.js';
import { bulletList, orNone } from '../../inputs/promptBlocks.js';
import { contextSlotText } from '../../context/slot.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

/** The enclave opening shared by `initial_prompt` and `initial_prompt_freeform`. */
export function enclaveOpening(cfg: AppConfig, preferences: string, contextGuidance: string): string {
  const audience = audienceName(cfg.prompt.audience);
  return [
    `You are an enclave of artists working together on one art piece made for ${audience}.`,
    '',
    audienceBlock(cfg.prompt.audience),
    '',
    `Preferences of ${audience} (authoritative; follow them over your own taste):`,
    orNone(preferences),
    '',
    'Context (optional):',
    contextSlotText(cfg, contextGuidance),
  ].join('\n');
}

export const THEMES_REQUEST = [
  'Propose four distinct themes or short stories for the piece. Each one must be sophisticated, concrete and free of',
  'clichés, carry one clear message, and be different enough from the others that choosing between them matters.',
  'Number them 1 to 4 and give each a short name and a few sentences.',
].join(' ');

export function conceptsSection(concepts: readonly string[]): string {
  return ['Concepts to blend into one piece:', bulletList(concepts)].join('\n');
}

/** A follow-up turn: one fixed instruction that builds on the earlier answers. */
export function followUp(id: string, doc: string, prompt: string): AppStageKind {
  return {
    id,
    doc,
    source: `stages.${id}`,
    tags: ['standard'],
    io: { requires: [], provides: [], captures: [] },
    build({ instanceId }) {
      return chatStage({ instanceId, temperature: 0.8, prompt });
    },
  };
}
