/**
 * Ranking and epsilon-greedy beam selection of one refine iteration (pipeline.md §11.5 select
 * steps 5 and 7).
 */
import type { PenaltyResult } from '../novelty.js';
import type { RandomStream } from '../stream.js';
import { compareIds, weightedPick, type SelectionMode } from '../idea-selection.js';
import type { CandidateKind } from './candidates.js';
import type { TieBreaker } from './loop-config.js';

export interface CandidateRow {
  id: string;
  score: number;
  novelty_penalty: number;
  novelty_detail: PenaltyResult;
  effective_score: number;
  prompt_chars: number;
  parent_beam: number;
  kind: CandidateKind;
}

export function sortCandidateRows(rows: readonly CandidateRow[], tieBreaker: TieBreaker): CandidateRow[] {
  return [...rows].sort((a, b) => {
    const primary = b.effective_score - a.effective_score || b.score - a.score;
    if (primary !== 0) return primary;
    if (tieBreaker === 'prefer_shorter' && a.prompt_chars !== b.prompt_chars) return a.prompt_chars - b.prompt_chars;
    if (tieBreaker === 'prefer_novel' && a.novelty_penalty !== b.novelty_penalty) {
      return a.novelty_penalty - b.novelty_penalty;
    }
    return compareIds(a.id, b.id);
  });
}

/** Each parent beam's best row, in sorted order. */
function bestPerBeam(sorted: readonly CandidateRow[]): CandidateRow[] {
  const seen = new Set<number>();
  return sorted.filter((r) => (seen.has(r.parent_beam) ? false : (seen.add(r.parent_beam), true)));
}

function fillFrom(picks: CandidateRow[], sorted: readonly CandidateRow[], k: number): void {
  for (const row of sorted) {
    if (picks.length >= k) break;
    if (!picks.includes(row)) picks.push(row);
  }
}

export interface BeamSelection {
  mode: SelectionMode;
  roll: number;
  rate: number;
  picks: CandidateRow[];
}

export class SelectionSizeError extends Error {}

/**
 * Select k rows from the sorted rows. `grouped` = beam algorithm with `group_by_beam`.
 * Draws: roll first; when exploring, one `uniform` per pick.
 */
export function selectBeams(
  sorted: readonly CandidateRow[],
  k: number,
  rate: number,
  grouped: boolean,
  stream: RandomStream,
): BeamSelection {
  const n = sorted.length;
  if (k > n) throw new SelectionSizeError(`Selection requires k <= candidates (k=${k} candidates=${n})`);
  const roll = stream.random();
  const explore = rate > 0 && roll < rate;
  const rank = new Map(sorted.map((r, i) => [r, i]));
  let picks: CandidateRow[];
  if (!explore) {
    picks = grouped ? bestPerBeam(sorted).slice(0, k) : sorted.slice(0, k);
  } else {
    const base = grouped ? bestPerBeam(sorted) : [...sorted];
    const size = Math.min(n, Math.max(k, Math.ceil(n / 4), n > k ? k + 1 : 0));
    const pool = base.slice(0, size);
    picks = [];
    for (let i = 0; i < k && pool.length > 0; i++) {
      const row = weightedPick(pool, stream);
      picks.push(row);
      pool.splice(pool.indexOf(row), 1);
    }
    picks.sort((a, b) => rank.get(a)! - rank.get(b)!);
  }
  fillFrom(picks, sorted, k);
  return { mode: explore ? 'explore' : 'exploit', roll, rate, picks };
}
