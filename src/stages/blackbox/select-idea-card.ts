/** `blackbox.select_idea_card`: epsilon-greedy card selection with the novelty penalty (§11.3). */
import type { AppStageKind } from '../../plans/types.js';
import type { RunContext } from '../../pipeline/context.js';
import { actionStage } from '../../pipeline/stageKind.js';
import { blameStep } from '../../pipeline/errors.js';
import { parseIdeaCards } from '../../scoring/idea-cards.js';
import { parseJudgeOutput } from '../../scoring/judge-output.js';
import { ideaScoreTable, selectIdea } from '../../scoring/idea-selection.js';
import { noveltyEnabledCfg, summaryAvailable } from '../../scoring/novelty.js';
import { addScoringWarning, recordIdeaSelection, recordSelectNovelty } from '../../scoring/scoring-record.js';
import { stableIds } from '../../scoring/stable-ids.js';
import { namedStream } from '../../scoring/stream.js';
import { readNoveltyKnobs } from './novelty-knobs.js';
import { noveltySummaryOf } from './novelty-block.js';
import { requireOutput } from './prompt-parts.js';

/** Where card errors are blamed: the card-producing stage that is actually resolved. */
function cardBlamePath(resolved: readonly string[]): string {
  if (resolved.includes('blackbox.idea_cards_assemble')) return 'pipeline/blackbox.idea_cards_assemble/action';
  if (resolved.includes('blackbox.generate_idea_cards')) return 'pipeline/blackbox.generate_idea_cards/assemble';
  return 'pipeline/blackbox.idea_cards_generate/draft';
}

function resolvedStages(ctx: RunContext): string[] {
  const meta = ctx.outputs.prompt_pipeline as { resolved_stages?: unknown } | undefined;
  return Array.isArray(meta?.resolved_stages) ? (meta.resolved_stages as string[]) : [];
}

export const selectIdeaCardStage: AppStageKind = {
  id: 'blackbox.select_idea_card',
  doc: 'Pick the idea card: best effective score (judge score minus novelty penalty), exploring at exploration_rate.',
  io: { requires: ['idea_cards_json', 'idea_scores_json'], provides: ['selected_idea_card'] },
  build({ instanceId, knobs }) {
    const explorationRate = knobs.float('exploration_rate', { default: 0.15, min: 0, max: 1 });
    const numIdeas = knobs.int('num_ideas', { default: 6, min: 1 });
    const novelty = readNoveltyKnobs(knobs);
    const path = `pipeline/${instanceId}/action`;
    return actionStage({
      instanceId,
      fn: (ctx) => {
        const cardsText = requireOutput(ctx, 'idea_cards_json');
        const scoresText = requireOutput(ctx, 'idea_scores_json');
        const ids = stableIds(numIdeas);
        let cards;
        try {
          cards = parseIdeaCards(cardsText, ids);
        } catch (err) {
          throw blameStep(err, cardBlamePath(resolvedStages(ctx)));
        }
        let scores;
        try {
          scores = parseJudgeOutput(scoresText, ids);
        } catch (err) {
          throw blameStep(err, 'pipeline/blackbox.idea_cards_judge_score/draft');
        }
        const summary = noveltySummaryOf(ctx);
        const enabledCfg = noveltyEnabledCfg(novelty);
        const available = summaryAvailable(summary);
        if (enabledCfg && !available) {
          const message = `${path}: novelty.enabled=true but novelty summary is unavailable; novelty penalties disabled for this run`;
          ctx.logger.log('WARNING', message);
          addScoringWarning(ctx, message);
        }
        recordSelectNovelty(ctx, {
          method: novelty.method,
          window: novelty.window,
          enabled_cfg: enabledCfg,
          summary_available: available,
          missing_summary: enabledCfg && !available,
        });
        const rows = ideaScoreTable(cards, scores, {
          active: enabledCfg && available,
          summary,
          knobs: novelty,
        });
        const stream = namedStream(ctx.seed, `idea_select:${instanceId}`);
        const selection = selectIdea(cards, rows, explorationRate, stream);
        recordIdeaSelection(ctx, stream.subseed, explorationRate, selection);
        ctx.outputs.selected_idea_card = selection.card;
        ctx.logger.log(
          'INFO',
          `Selected candidate: id=${selection.selected.id}, score=${selection.selected.score}, selection_mode=${selection.mode}`,
        );
        return { selected_id: selection.selected.id, selection_mode: selection.mode };
      },
    });
  },
};
