/**
 * Epsilon-greedy idea selection with the novelty penalty (pipeline.md §11.3 steps 3–4).
 */
import type { IdeaCard } from './idea-cards.js';
import { ideaCardText } from './idea-cards.js';
import type { NoveltyConfig, PenaltyResult } from './novelty.js';
import { noveltyPenalty } from './novelty.js';
import type { RandomStream } from './stream.js';

export interface IdeaScoreRow {
  id: string;
  score: number;
  novelty_penalty: number;
  novelty_detail: PenaltyResult;
  effective_score: number;
}

export type SelectionMode = 'explore' | 'exploit';

export interface IdeaSelection {
  rows: IdeaScoreRow[];
  roll: number;
  mode: SelectionMode;
  selected: IdeaScoreRow;
  card: IdeaCard;
  /** Every scored card (recorded in blackbox_scoring beside the score table). */
  cards: IdeaCard[];
}

/** Sorted rows (effective desc, score desc, id asc). */
export function ideaScoreTable(
  cards: readonly IdeaCard[],
  scores: Readonly<Record<string, number>>,
  novelty: { active: boolean; summary: unknown; knobs: Pick<NoveltyConfig, 'max_penalty' | 'scaling'> },
): IdeaScoreRow[] {
  const rows = cards.map((card): IdeaScoreRow => {
    const score = scores[card.id] ?? 0;
    const detail: PenaltyResult = novelty.active
      ? noveltyPenalty(ideaCardText(card), novelty.summary, novelty.knobs)
      : { penalty: 0, reason: 'novelty_disabled' };
    return {
      id: card.id,
      score,
      novelty_penalty: detail.penalty,
      novelty_detail: detail,
      effective_score: Math.max(0, score - detail.penalty),
    };
  });
  return rows.sort(
    (a, b) => b.effective_score - a.effective_score || b.score - a.score || compareIds(a.id, b.id),
  );
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Weighted pick from a pool (weights `max(1, effective)`); the first row whose running sum ≥ pick, else the last. */
export function weightedPick<T extends { effective_score: number }>(pool: readonly T[], stream: RandomStream): T {
  const weights = pool.map((r) => Math.max(1, r.effective_score));
  const total = weights.reduce((s, w) => s + w, 0);
  const pick = stream.uniform(0, total);
  let running = 0;
  for (let i = 0; i < pool.length; i++) {
    running += weights[i]!;
    if (running >= pick) return pool[i]!;
  }
  return pool[pool.length - 1]!;
}

/** Explore iff rate > 0 and roll < rate; explore pool = first min(n, max(ceil(n/4), 2)) rows. */
export function selectIdea(
  cards: readonly IdeaCard[],
  rows: readonly IdeaScoreRow[],
  explorationRate: number,
  stream: RandomStream,
): IdeaSelection {
  if (rows.length === 0) throw new Error('Idea selection requires at least one scored card');
  const roll = stream.random();
  const explore = explorationRate > 0 && roll < explorationRate;
  let selected = rows[0]!;
  if (explore) {
    const n = rows.length;
    const pool = rows.slice(0, Math.min(n, Math.max(Math.ceil(n / 4), 2)));
    selected = weightedPick(pool, stream);
  }
  const card = cards.find((c) => c.id === selected.id)!;
  return { rows: [...rows], roll, mode: explore ? 'explore' : 'exploit', selected, card, cards: [...cards] };
}
