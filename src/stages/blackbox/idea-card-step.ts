/** One idea-card ChatStep with its card-schema response format (shared by the card stages). */
import type { ChatStep } from '../../pipeline/nodes.js';
import { chatStep } from '../../pipeline/nodes.js';
import { jsonSchemaFormat } from '../../pipeline/formats.js';
import { ideaCardJsonSchema, parseIdeaCard } from '../../scoring/idea-cards.js';
import type { AppConfig } from '../../config/types.js';
import { ideaCardPrompt } from './idea-card-prompt.js';
import type { IdeaCardKnobs } from './idea-card-knobs.js';
import { modelParams } from './knob-helpers.js';

export function ideaCardKey(id: string): string {
  return `blackbox.idea_card.${id}.json`;
}

export function ideaCardFormat(id: string) {
  return jsonSchemaFormat({
    name: `idea_card_${id}`,
    schema: ideaCardJsonSchema(id),
    validate: (value) => void parseIdeaCard(JSON.stringify(value), id),
  });
}

export function ideaCardStep(spec: {
  name: string;
  stageId: string;
  id: string;
  ordinal: number;
  knobs: IdeaCardKnobs;
  cfg: AppConfig;
  meta?: Record<string, unknown>;
}): ChatStep {
  const opts = { stageId: spec.stageId, profileSource: spec.knobs.idea_profile_source, cfg: spec.cfg };
  return chatStep({
    name: spec.name,
    prompt: (ctx) => ideaCardPrompt(ctx, spec.id, spec.ordinal, spec.knobs.num_ideas, opts),
    temperature: spec.knobs.temperature,
    merge: 'none',
    captureKey: ideaCardKey(spec.id),
    params: modelParams(spec.knobs.model),
    responseFormat: ideaCardFormat(spec.id),
    ...(spec.meta ? { meta: spec.meta } : {}),
  });
}
