/** Prompts for idea cards (one card, or the whole set), pipeline.md §8.3 `generate_idea_cards`. */
import type { AppConfig } from '../../config/types.js';
import type { RunContext } from '../../pipeline/context.js';
import type { ProfileSource } from '../../scoring/profile-sources.js';
import { conceptsBlock, contextSlot, joinSections, profileFor, section } from './prompt-parts.js';

/** Diversity directive of card k (1-based): number (k − 1) mod 8. */
export const DIVERSITY_DIRECTIVES = [
  'Give the strongest, most natural reading of how the concepts fit together.',
  'Follow the most compelling idea that emerges when the concepts meet, even if it is not the obvious one.',
  'Build one coherent synthesis: make the logic of the scene hold before reaching for novelty.',
  "Reinterpret the role of one concept in the scene while keeping every concept recognisable.",
  'Let one concept lead and shape how the others appear.',
  'Give every concept equal weight; no single focal element dominates.',
  'Go somewhere unexpected that you could still defend to a sceptical art director.',
  'Find a non-obvious link between the concepts and build the image around it.',
];

export function diversityDirective(ordinal: number): string {
  return DIVERSITY_DIRECTIVES[(ordinal - 1) % DIVERSITY_DIRECTIVES.length]!;
}

export interface IdeaPromptOptions {
  stageId: string;
  profileSource: ProfileSource;
  cfg: AppConfig;
}

const CARD_SHAPE = [
  'Card fields:',
  '- hook: one sentence naming the visual idea.',
  '- narrative: two to four sentences describing what is happening in the image.',
  '- options.composition: at least 2 concrete framing or layout options.',
  '- options.palette: at least 2 palette options.',
  '- options.medium: at least 1 medium or rendering style.',
  '- options.mood: at least 1 mood.',
  '- avoid: things this idea must steer clear of (may be empty).',
].join('\n');

const CARD_RULES = [
  'Rules:',
  '- Weave ALL of the concepts into one specific, renderable visual idea (one image, not a series).',
  '- Be concrete: name subjects, places, materials and light; no clichés, no proper nouns, no brands.',
  '- Treat the profile as direction, not as text to paste; never add a disliked thing with a positive twist.',
].join('\n');

function profileKnobPath(opts: IdeaPromptOptions): string {
  return `prompt.stage_configs.resolved.${opts.stageId}.idea_profile_source`;
}

/** Prompt for card `id` (idea k of N). */
export function ideaCardPrompt(ctx: RunContext, id: string, ordinal: number, total: number, opts: IdeaPromptOptions): string {
  return joinSections([
    `You are a visual concept designer. Write idea card ${id} (idea ${ordinal} of ${total}) as a single JSON object.`,
    CARD_RULES,
    `Diversity directive for this card: ${diversityDirective(ordinal)}`,
    section('Context', contextSlot(ctx, opts.cfg)),
    section('Concepts', conceptsBlock(ctx)),
    section('Profile', profileFor(ctx, opts.profileSource, opts.stageId, profileKnobPath(opts))),
    CARD_SHAPE,
    `Return only the JSON object with "id": "${id}". No markdown, no commentary.`,
  ]);
}

/** Prompt for the whole set of cards in one call. */
export function ideaCardSetPrompt(ctx: RunContext, ids: readonly string[], opts: IdeaPromptOptions): string {
  const directives = ids.map((id, i) => `- ${id}: ${diversityDirective(i + 1)}`).join('\n');
  return joinSections([
    `You are a visual concept designer. Write ${ids.length} distinct idea cards with the ids ${ids.join(', ')}, in that order.`,
    CARD_RULES,
    `Diversity directive per card:\n${directives}`,
    section('Context', contextSlot(ctx, opts.cfg)),
    section('Concepts', conceptsBlock(ctx)),
    section('Profile', profileFor(ctx, opts.profileSource, opts.stageId, profileKnobPath(opts))),
    CARD_SHAPE,
    `Return only {"ideas": [...]} with exactly ${ids.length} cards whose ids are ${ids.join(', ')}. No markdown, no commentary.`,
  ]);
}
