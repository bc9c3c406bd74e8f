/** `blackbox.idea_card_generate`: one idea card as its own stage (instance id `blackbox.idea_card_generate.<ID>`). */
import { CompileError } from '../../errors.js';
import type { AppStageKind } from '../../plans/types.js';
import { block } from '../../pipeline/nodes.js';
import { stableIds } from '../../scoring/stable-ids.js';
import { readIdeaCardKnobs } from './idea-card-knobs.js';
import { ideaCardStep } from './idea-card-step.js';

const KIND = 'blackbox.idea_card_generate';

export const ideaCardGenerateStage: AppStageKind = {
  id: KIND,
  doc: 'Generate one idea card; the instance id names the card (blackbox.idea_card_generate.<ID>).',
  io: { requires: ['selected_concepts'] },
  build({ instanceId, knobs, cfg }) {
    const prefix = `${KIND}.`;
    const id = instanceId.startsWith(prefix) ? instanceId.slice(prefix.length) : '';
    if (!/^[A-Z]+$/.test(id)) {
      throw new CompileError(`${KIND} requires instance_id of the form: ${KIND}.<idea_id>`);
    }
    const k = readIdeaCardKnobs(knobs);
    const position = stableIds(k.num_ideas).indexOf(id);
    const ordinal = position >= 0 ? position + 1 : 1;
    knobs.setEffective('idea_id', id);
    knobs.setEffective('idea_ordinal', ordinal);
    const step = ideaCardStep({
      name: 'draft',
      stageId: instanceId,
      id,
      ordinal,
      knobs: k,
      cfg,
      meta: { role: 'primary', idea_id: id, idea_ordinal: ordinal, num_ideas: k.num_ideas },
    });
    return block({ name: instanceId, merge: 'none', nodes: [step] });
  },
};
