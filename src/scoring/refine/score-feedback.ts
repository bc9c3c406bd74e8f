/** Best/worst score feedback between refine iterations (pipeline.md §11.5 select step 6, generator prompt). */
import type { CandidateRow } from './beam-selection.js';
import { codePointLength } from './candidates.js';

export interface FeedbackExample {
  id: string;
  kind: string;
  parent_beam: number;
  score: number;
  novelty_penalty: number;
  effective_score: number;
  prompt: string;
  prompt_truncated_for_feedback: boolean;
}

export interface FeedbackByBeam {
  iteration: number;
  beam_index: number;
  best: FeedbackExample;
  worst: FeedbackExample;
}

export interface FeedbackOverall {
  iteration: number;
  best: FeedbackExample;
  worst: FeedbackExample;
}

/** Clip to `max` code points (0 = no clipping). */
export function clipText(text: string, max: number): { text: string; clipped: boolean } {
  if (max <= 0 || codePointLength(text) <= max) return { text, clipped: false };
  return { text: [...text].slice(0, max).join(''), clipped: true };
}

function example(row: CandidateRow, prompts: ReadonlyMap<string, string>, maxChars: number): FeedbackExample {
  const clipped = clipText(prompts.get(row.id) ?? '', maxChars);
  return {
    id: row.id,
    kind: row.kind,
    parent_beam: row.parent_beam,
    score: row.score,
    novelty_penalty: row.novelty_penalty,
    effective_score: row.effective_score,
    prompt: clipped.text,
    prompt_truncated_for_feedback: clipped.clipped,
  };
}

/** Per-beam (ascending) and overall best/worst from the sorted rows. */
export function buildFeedback(
  iteration: number,
  sorted: readonly CandidateRow[],
  prompts: ReadonlyMap<string, string>,
  maxChars: number,
): { byBeam: FeedbackByBeam[]; overall: FeedbackOverall } {
  const beams = [...new Set(sorted.map((r) => r.parent_beam))].sort((a, b) => a - b);
  const byBeam = beams.map((b) => {
    const rows = sorted.filter((r) => r.parent_beam === b);
    return {
      iteration,
      beam_index: b,
      best: example(rows[0]!, prompts, maxChars),
      worst: example(rows[rows.length - 1]!, prompts, maxChars),
    };
  });
  const overall = {
    iteration,
    best: example(sorted[0]!, prompts, maxChars),
    worst: example(sorted[sorted.length - 1]!, prompts, maxChars),
  };
  return { byBeam, overall };
}

/** A float with at least one fractional digit (`79.0`, `74.5`). */
export function formatScore(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function exampleLines(label: string, e: FeedbackExample): string[] {
  const lines = [
    `${label}:`,
    `- id=${e.id} raw=${formatScore(e.score)} effective=${formatScore(e.effective_score)} ` +
      `novelty_penalty=${e.novelty_penalty} kind=${e.kind} parent_beam=${e.parent_beam}`,
    `  prompt: ${e.prompt}`,
  ];
  if (e.prompt_truncated_for_feedback) lines.push('  (prompt clipped for feedback)');
  return lines;
}

/** Feedback block for the generator prompt of beam `beamIndex` at iteration t (t ≥ 2). */
export function feedbackText(
  previousIteration: number,
  beamIndex: number,
  row: { best: FeedbackExample; worst: FeedbackExample },
): string {
  return [
    `Score feedback from iteration ${previousIteration}, beam ${beamIndex} (learn from it; do not copy it):`,
    ...exampleLines('BEST', row.best),
    ...exampleLines('WORST', row.worst),
  ].join('\n');
}

/** Bucket for beam b: previous by-beam row for the beam's parent_beam (else b), falling back to overall. */
export function feedbackBucket(
  byBeam: readonly FeedbackByBeam[] | undefined,
  overall: FeedbackOverall | undefined,
  beam: { parent_beam?: number } | undefined,
  b: number,
): { best: FeedbackExample; worst: FeedbackExample; beam_index: number } | null {
  const wanted = beam?.parent_beam ?? b;
  const row = byBeam?.find((r) => r.beam_index === wanted);
  if (row) return row;
  if (overall) return { ...overall, beam_index: wanted };
  return null;
}
