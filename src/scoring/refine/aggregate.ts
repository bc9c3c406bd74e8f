/** Judge aggregation (pipeline.md §11.5 select step 3). */
import type { Aggregation } from './loop-config.js';

export interface JudgeScore {
  score: number;
  weight: number;
}

function weightedMean(items: readonly JudgeScore[]): number {
  const sumW = items.reduce((s, x) => s + x.weight, 0);
  const sum = items.reduce((s, x) => s + x.score * x.weight, 0);
  return sum / (sumW === 0 ? 1 : sumW);
}

/** Aggregate one candidate's judge scores. */
export function aggregateScores(items: readonly JudgeScore[], method: Aggregation, trimmedMeanDrop = 0): number {
  if (items.length === 0) return 0;
  const values = items.map((x) => x.score);
  switch (method) {
    case 'mean':
      return weightedMean(items);
    case 'median': {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    }
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'trimmed_mean': {
      const sorted = [...items].sort((a, b) => a.score - b.score);
      return weightedMean(sorted.slice(trimmedMeanDrop, sorted.length - trimmedMeanDrop));
    }
  }
}

/** `{id: aggregate}` over candidates given per-judge `{id: score}` maps and judge weights. */
export function aggregateCandidates(
  ids: readonly string[],
  judges: readonly { weight: number; scores: Readonly<Record<string, number>> }[],
  method: Aggregation,
  trimmedMeanDrop: number,
): Record<string, number> {
  return Object.fromEntries(
    ids.map((id) => [
      id,
      aggregateScores(
        judges.map((j) => ({ score: j.scores[id] ?? 0, weight: j.weight })),
        method,
        trimmedMeanDrop,
      ),
    ]),
  );
}
