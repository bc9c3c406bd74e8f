/** `blackbox.idea_cards_generate`: all N idea cards in one call (set schema with ids A, B, ...). */
import type { AppStageKind } from '../../plans/types.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { jsonSchemaFormat } from '../../pipeline/formats.js';
import { ideaCardSetJsonSchema, parseIdeaCards } from '../../scoring/idea-cards.js';
import { stableIds } from '../../scoring/stable-ids.js';
import { readIdeaCardKnobs } from './idea-card-knobs.js';
import { ideaCardSetPrompt } from './idea-card-prompt.js';
import { modelParams } from './knob-helpers.js';

export const ideaCardsGenerateStage: AppStageKind = {
  id: 'blackbox.idea_cards_generate',
  doc: 'Generate all N idea cards in a single call (JSON set with ids A, B, ...).',
  io: { provides: ['idea_cards_json'], captures: ['idea_cards_json'] },
  build({ instanceId, knobs, cfg }) {
    const k = readIdeaCardKnobs(knobs);
    const ids = stableIds(k.num_ideas);
    const opts = { stageId: instanceId, profileSource: k.idea_profile_source, cfg };
    return chatStage({
      instanceId,
      merge: 'none',
      prompt: (ctx) => ideaCardSetPrompt(ctx, ids, opts),
      temperature: k.temperature,
      captureKey: 'idea_cards_json',
      params: modelParams(k.model),
      responseFormat: jsonSchemaFormat({
        name: 'idea_cards',
        schema: ideaCardSetJsonSchema(ids),
        validate: (value) => void parseIdeaCards(JSON.stringify(value), ids),
      }),
    });
  },
};
