/** Output keys and run-time state of the refine loop (pipeline.md §3, §11.5). */
import { PipelineError } from '../../errors.js';
import type { RunContext } from '../../pipeline/context.js';
import { iterTag, truncatePrompt, type CandidateSlot, type TruncatedText } from '../../scoring/refine/candidates.js';

export const LOOP_ID = 'blackbox_refine.loop';
export const SEED_KEY = 'bbref.seed_prompt';
export const BEAMS_KEY = 'bbref.beams';

export interface BeamEntry {
  beam_index: number;
  prompt: string;
  source?: string;
  candidate_id?: string;
  score?: number;
  novelty_penalty?: number;
  effective_score?: number;
  parent_beam?: number;
  kind?: string;
}

export const beamTag = (b: number): string => String(b).padStart(2, '0');

export function candidateKey(iteration: number, slot: CandidateSlot): string {
  return `bbref.iter_${iterTag(iteration)}.beam_${beamTag(slot.parent_beam)}.cand_${slot.id}.prompt`;
}

export function judgeKey(iteration: number, judgeId: string): string {
  return `bbref.iter_${iterTag(iteration)}.judge.${judgeId}.scores_json`;
}

export function feedbackKeys(iteration: number): { by_beam: string; overall: string } {
  const base = `bbref.iter_${iterTag(iteration)}.score_feedback_best_worst`;
  return { by_beam: `${base}_by_beam`, overall: `${base}_overall` };
}

export function iterationBlockName(iteration: number): string {
  return `blackbox_refine.iter_${iterTag(iteration)}`;
}

export function judgePath(iteration: number, judgeId: string): string {
  return `pipeline/${LOOP_ID}/${iterationBlockName(iteration)}/judge/${judgeId}`;
}

export function beamsOf(ctx: RunContext): BeamEntry[] {
  const v = ctx.outputs[BEAMS_KEY];
  return Array.isArray(v) ? (v as BeamEntry[]) : [];
}

/** The current prompt of beam b (1-based). */
export function beamPrompt(ctx: RunContext, b: number): string {
  const beam = beamsOf(ctx)[b - 1];
  if (!beam || typeof beam.prompt !== 'string') throw new PipelineError(`Missing required output: ${BEAMS_KEY}`);
  return beam.prompt;
}

export interface CandidateText extends TruncatedText {
  slot: CandidateSlot;
}

/** Candidate texts of an iteration: parents from the beams, generated from their outputs; truncated. */
export function candidateTexts(ctx: RunContext, iteration: number, slots: readonly CandidateSlot[], max: number | null): CandidateText[] {
  return slots.map((slot) => {
    let text: string;
    if (slot.kind === 'parent') text = beamPrompt(ctx, slot.parent_beam);
    else {
      const key = candidateKey(iteration, slot);
      const v = ctx.outputs[key];
      text = typeof v === 'string' ? v.trim() : '';
      if (!text) throw new PipelineError(`Missing required output: ${key}`);
    }
    return { slot, ...truncatePrompt(text, max) };
  });
}
