/** The profile-abstraction prompt (shared by `profile_abstraction` and `generator_profile_hints` mode `abstract`). */
import { PipelineError } from '../../errors.js';
import type { RunContext } from '../../pipeline/context.js';
import { preferencesGuidance } from './prompt-parts.js';

export function profileAbstractionPrompt(ctx: RunContext): string {
  const profile = preferencesGuidance(ctx).trim();
  if (!profile) throw new PipelineError('preferences_guidance cannot be empty');
  return [
    'Turn the taste profile below into short, plain-text hints that an image-prompt writer can follow safely.',
    '',
    'Rules:',
    '- Write 5 to 12 bullets, one idea each, in your own words: tastes to lean toward, recurring motifs, and constraints.',
    '- Do not copy the profile verbatim; no personal details, names or other proper nouns.',
    '- Do not invent anything the profile does not support.',
    '- Keep every dislike and hate as a hard avoid ("Avoid: ..."); never turn a dislike into its positive opposite.',
    '- Output the bullets only: no heading, no markdown fences, no commentary.',
    '',
    'Taste profile:',
    profile,
  ].join('\n');
}
