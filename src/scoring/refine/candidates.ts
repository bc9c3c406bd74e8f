/**
 * Candidate layout of one refine iteration (pipeline.md §11.5): beams, parents, generated ids,
 * mutation directives, truncation to `max_prompt_chars`.
 */
import { stableId } from '../stable-ids.js';
import type { RandomStream } from '../stream.js';
import type { MutationMode } from './loop-config.js';

export type CandidateKind = 'parent' | 'generated';

export interface CandidateSlot {
  id: string;
  ordinal: number;
  kind: CandidateKind;
  /** 1-based index of the beam in `bbref.beams` this candidate comes from. */
  parent_beam: number;
}

export function iterTag(iteration: number): string {
  return String(iteration).padStart(2, '0');
}

/** Number of beams at iteration t (1-based). */
export function beamsAt(iteration: number, algorithm: 'hillclimb' | 'beam', beamWidth: number): number {
  return iteration === 1 || algorithm === 'hillclimb' ? 1 : beamWidth;
}

export function candidateSlots(
  iteration: number,
  opts: { algorithm: 'hillclimb' | 'beam'; beam_width: number; branching_factor: number; include_parents_as_candidates: boolean },
): CandidateSlot[] {
  const slots: CandidateSlot[] = [];
  const beams = beamsAt(iteration, opts.algorithm, opts.beam_width);
  for (let b = 1; b <= beams; b++) {
    if (opts.include_parents_as_candidates) {
      slots.push({ id: stableId(slots.length), ordinal: slots.length, kind: 'parent', parent_beam: b });
    }
    for (let g = 0; g < opts.branching_factor; g++) {
      slots.push({ id: stableId(slots.length), ordinal: slots.length, kind: 'generated', parent_beam: b });
    }
  }
  return slots;
}

/** Candidates per iteration of the widest iteration (for the beam_width check). */
export function candidatesPerIteration(branching: number, includeParents: boolean): number {
  return branching + (includeParents ? 1 : 0);
}

/** The mutation directive of a generated candidate, or null. */
export function mutationDirective(
  mode: MutationMode,
  directives: readonly string[],
  iteration: number,
  ordinal: number,
  stream: () => RandomStream,
): string | null {
  const n = directives.length;
  if (n === 0 || mode === 'none') return null;
  if (mode === 'fixed') return directives[0]!;
  if (mode === 'cycle') return directives[(iteration - 1 + ordinal) % n]!;
  return directives[Math.floor(stream().random() * n)]!;
}

export interface TruncatedText {
  text: string;
  chars: number;
  original_chars: number;
  truncated: boolean;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Cut to `max` code points and right-trim; null = no truncation. */
export function truncatePrompt(text: string, max: number | null): TruncatedText {
  const original = codePointLength(text);
  if (max === null || original <= max) return { text, chars: original, original_chars: original, truncated: false };
  const cut = [...text].slice(0, max).join('').trimEnd();
  return { text: cut, chars: codePointLength(cut), original_chars: original, truncated: true };
}
