/** Assembling idea cards from their per-card outputs, blaming the step that produced a bad card. */
import { PipelineError } from '../../errors.js';
import type { RunContext } from '../../pipeline/context.js';
import { blameStep } from '../../pipeline/errors.js';
import { ideaCardsJsonText, parseIdeaCard, type IdeaCard } from '../../scoring/idea-cards.js';
import { ideaCardKey } from './idea-card-step.js';

/** Parse cards `ids` from outputs; a failure is blamed on `blamePath(id)`. Returns the set JSON text. */
export function assembleCards(ctx: RunContext, ids: readonly string[], blamePath: (id: string) => string): string {
  const cards: IdeaCard[] = ids.map((id) => {
    const key = ideaCardKey(id);
    const raw = ctx.outputs[key];
    if (typeof raw !== 'string' || !raw.trim()) throw new PipelineError(`Missing required output: ${key}`);
    try {
      return parseIdeaCard(raw, id);
    } catch (err) {
      throw blameStep(err, blamePath(id));
    }
  });
  return ideaCardsJsonText(cards);
}
