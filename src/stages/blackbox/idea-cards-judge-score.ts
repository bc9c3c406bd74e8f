/** `blackbox.idea_cards_judge_score`: a strict numeric judge scores each idea card 0–100 (§8.3, §11.2). */
import { PipelineError } from '../../errors.js';
import type { AppStageKind } from '../../plans/types.js';
import type { RunContext } from '../../pipeline/context.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { parseJsonText } from '../../scoring/json-text.js';
import { JUDGE_PROFILE_SOURCES, modelParams, readTemperature } from './knob-helpers.js';
import { dynamicJudgeFormat } from './judge-format.js';
import { conceptsBlock, contextSlot, joinSections, profileFor, requireOutput, section } from './prompt-parts.js';
import { noveltySummaryBlock } from './novelty-block.js';

/** Card ids in `idea_cards_json`, in order (lenient: the selection stage validates the cards). */
export function cardIdsOf(text: string): string[] {
  const parsed = parseJsonText(text);
  const value = parsed.ok ? parsed.value : null;
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { ideas?: unknown }).ideas)
      ? (value as { ideas: unknown[] }).ideas
      : [];
  const ids = list
    .map((c) => (c && typeof c === 'object' ? (c as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string' && id.trim() !== '')
    .map((id) => id.trim());
  return [...new Set(ids)];
}

export const ideaCardsJudgeScoreStage: AppStageKind = {
  id: 'blackbox.idea_cards_judge_score',
  doc: 'Strict numeric judge: score every idea card 0-100 against concepts, profile and novelty.',
  io: { requires: ['idea_cards_json'], provides: ['idea_scores_json'], captures: ['idea_scores_json'] },
  build({ instanceId, knobs, cfg }) {
    const temperature = readTemperature(knobs, 'judge_temperature', 0.0);
    const model = knobs.strOrNull('judge_model', { default: null });
    const source = knobs.enum('judge_profile_source', JUDGE_PROFILE_SOURCES, 'raw');
        const judge = dynamicJudgeFormat('idea_scores');
    const prompt = (ctx: RunContext): string => {
      const cardsJson = requireOutput(ctx, 'idea_cards_json');
      const ids = cardIdsOf(cardsJson);
      if (ids.length === 0) throw new PipelineError('idea_cards_json holds no idea ids; cannot judge the cards');
      judge.setIds(ids);
      const knobPath = `prompt.stage_configs.resolved.${instanceId}.judge_profile_source`;
      return joinSections([
        'You are a strict, numeric judge of visual ideas. Score every idea card from 0 to 100.',
        [
          'How to score:',
          '- Start from 70 for a competent card.',
          '- Up to +15 for weaving every concept in naturally; up to -30 when a concept is missing or forced.',
          '- Up to +10 for fitting the profile; a card that leans on a disliked or hated thing loses 15 to 60 points.',
          '- Up to +10 for a specific, renderable single image; vague or contradictory cards lose up to 25.',
          '- Up to +5 for freshness; repeating recent motifs (see the novelty summary) costs up to 15.',
          '- Use the whole range; do not give ties unless two cards are truly equal.',
        ].join('\n'),
        section('Context', contextSlot(ctx, cfg)),
        section('Concepts', conceptsBlock(ctx)),
        section('Profile (for judging only)', profileFor(ctx, source, instanceId, knobPath)),
        section('Novelty summary (recent motifs)', noveltySummaryBlock(ctx, true)),
        section('Idea cards (JSON)', cardsJson),
        `Return only {"scores": [{"id": ..., "score": ...}]} with exactly one integer score for each of the ids ${ids.join(', ')}.`,
      ]);
    };
    return chatStage({
      instanceId,
      merge: 'none',
      prompt,
      temperature,
      captureKey: 'idea_scores_json',
      params: modelParams(model),
      responseFormat: judge.format,
    });
  },
};
