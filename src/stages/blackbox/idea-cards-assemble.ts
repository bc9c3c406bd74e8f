/** `blackbox.idea_cards_assemble`: assemble cards A.. from `blackbox.idea_card.<ID>.json` outputs. */
import type { AppStageKind } from '../../plans/types.js';
import { actionStage } from '../../pipeline/stageKind.js';
import { stableIds } from '../../scoring/stable-ids.js';
import { assembleCards } from './assemble-cards.js';

export const ideaCardsAssembleStage: AppStageKind = {
  id: 'blackbox.idea_cards_assemble',
  doc: 'Assemble the per-card outputs of blackbox.idea_card_generate.<ID> stages into idea_cards_json.',
  io: { provides: ['idea_cards_json'], captures: ['idea_cards_json'] },
  build({ instanceId, knobs }) {
    const ids = stableIds(knobs.int('num_ideas', { default: 6, min: 1 }));
    return actionStage({
      instanceId,
      captureKey: 'idea_cards_json',
      fn: (ctx) => assembleCards(ctx, ids, (id) => `pipeline/blackbox.idea_card_generate.${id}/draft`),
    });
  },
};
