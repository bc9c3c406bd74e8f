/** `blackbox.generate_idea_cards`: N one-card calls, then assemble `idea_cards_json` (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { actionStep, block } from '../../pipeline/nodes.js';
import { stableIds } from '../../scoring/stable-ids.js';
import { readIdeaCardKnobs } from './idea-card-knobs.js';
import { ideaCardStep } from './idea-card-step.js';
import { assembleCards } from './assemble-cards.js';

export const DOC_GENERATE_IDEA_CARDS = 'Generate N idea cards (one call each, fixed ids A, B, ...) and assemble them.';

export const generateIdeaCardsStage: AppStageKind = {
  id: 'blackbox.generate_idea_cards',
  doc: DOC_GENERATE_IDEA_CARDS,
  io: { provides: ['idea_cards_json'], captures: ['idea_cards_json'] },
  build({ instanceId, knobs, cfg }) {
    const k = readIdeaCardKnobs(knobs);
    const ids = stableIds(k.num_ideas);
    const cardSteps = ids.map((id, i) =>
      ideaCardStep({
        name: `idea_${id}`,
        stageId: instanceId,
        id,
        ordinal: i + 1,
        knobs: k,
        cfg,
        meta: {
          doc: `Idea card ${id} (${i + 1} of ${k.num_ideas})`,
          source: 'stages.blackbox.generate_idea_cards',
          idea_id: id,
          idea_ordinal: i + 1,
          num_ideas: k.num_ideas,
        },
      }),
    );
    return block({
      name: instanceId,
      merge: 'none',
      nodes: [
        ...cardSteps,
        actionStep({
          name: 'assemble',
          captureKey: 'idea_cards_json',
          fn: (ctx) => assembleCards(ctx, ids, (id) => `pipeline/${instanceId}/idea_${id}`),
        }),
      ],
    });
  },
};
