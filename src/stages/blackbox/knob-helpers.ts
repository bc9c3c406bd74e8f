/** Small knob-reading helpers shared by the blackbox and blackbox_refine stage kinds. */
import type { KnobReader } from '../../pipeline/knobs.js';

/** Chat-step params for an optional per-call model. */
export function modelParams(model: string | null): Record<string, unknown> {
  return model ? { model } : {};
}

export function readTemperature(knobs: KnobReader, key: string, dflt: number): number {
  return knobs.float(key, { default: dflt, min: 0, max: 2 });
}

export const JUDGE_PROFILE_SOURCES = ['raw', 'generator_hints', 'generator_hints_plus_dislikes'] as const;
export const IDEA_PROFILE_SOURCES = ['raw', 'generator_hints', 'generator_hints_plus_dislikes', 'none'] as const;
