/**
 * The "latest prompt" of the postprompt stages (pipeline.md §8.3): `outputs.image_prompt`, else
 * `bbref.beams[0].prompt`, else the response of the last chat record not made by
 * `postprompt.profile_nudge`.
 */
import { PipelineError } from '../../errors.js';
import type { RunContext } from '../../pipeline/index.js';

export function latestPrompt(ctx: RunContext, kind: string): string {
  const captured = ctx.outputs.image_prompt;
  if (typeof captured === 'string' && captured.trim()) return captured.trim();
  const beams = ctx.outputs['bbref.beams'];
  if (Array.isArray(beams) && beams.length) {
    const first = beams[0] as { prompt?: unknown };
    if (typeof first?.prompt === 'string' && first.prompt.trim()) return first.prompt.trim();
  }
  for (let i = ctx.steps.length - 1; i >= 0; i--) {
    const step = ctx.steps[i]!;
    if (step.type !== 'chat' || step.meta.stage_kind === 'postprompt.profile_nudge') continue;
    if (step.response.trim()) return step.response.trim();
  }
  throw new PipelineError(`${kind} could not resolve a draft image prompt`);
}

export const PEOPLE_EXCLUSIONS = [
  'no people',
  'no person',
  'no humans',
  'no human',
  'no figures',
  'no figure',
  'no faces',
  'no face',
  'no bodies',
  'no body',
] as const;

export function hasPeopleExclusion(text: string): boolean {
  const lower = text.toLowerCase();
  return PEOPLE_EXCLUSIONS.some((phrase) => lower.includes(phrase));
}
