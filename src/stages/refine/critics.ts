/**
 * The ToT enclave critics (pipeline.md §9): personas in our own words.
 */
import type { AppConfig } from '../../config/index.js';
import { audienceBlock, audienceName } from '../../inputs/audience.js';
import { bulletList, orNone, runConcepts, runPreferences } from '../../inputs/promptBlocks.js';
import type { RunContext } from '../../pipeline/index.js';

export const CRITIC_IDS = ['hemingway', 'munch', 'da_vinci', 'representative', 'chameleon'] as const;
export type CriticId = (typeof CRITIC_IDS)[number];

export interface CriticDef {
  id: CriticId;
  label: string;
  persona(cfg: AppConfig): string;
  /** Reference material shown as authoritative, or null. */
  reference?(cfg: AppConfig, ctx: RunContext): string;
}

export const CRITICS: Record<CriticId, CriticDef> = {
  hemingway: {
    id: 'hemingway',
    label: 'Hemingway',
    persona: () => 'You are terse, concrete and opinionated. You cut everything that does not matter and keep what does.',
  },
  munch: {
    id: 'munch',
    label: 'Munch',
    persona: () => 'You put emotion first: mood, tension, symbolism and the visceral impact of the image.',
  },
  da_vinci: {
    id: 'da_vinci',
    label: 'da Vinci',
    persona: () =>
      'You think in systems: the composition must be coherent and every element must have a purpose. You flag elements that cannot coexist in one physically plausible image.',
  },
  representative: {
    id: 'representative',
    label: 'Representative',
    persona: (cfg) =>
      `You speak for ${audienceName(cfg.prompt.audience)}, the audience of this piece. You remove what would annoy them and veto anything that clearly conflicts with their dislikes; your other suggestions are optional.`,
    reference: (cfg, ctx) =>
      [audienceBlock(cfg.prompt.audience), '', 'Preferences (authoritative):', orNone(runPreferences(ctx))].join('\n'),
  },
  chameleon: {
    id: 'chameleon',
    label: 'Chameleon',
    persona: () => 'You read the genre and style the draft implies, then match and sharpen them.',
    reference: (_cfg, ctx) => ['Selected concepts (authoritative):', bulletList(runConcepts(ctx))].join('\n'),
  },
};
