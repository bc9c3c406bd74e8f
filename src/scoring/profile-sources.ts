/**
 * Profile text sources (pipeline.md §5.5): the profile text a blackbox prompt shows, by knob value.
 */
import { PipelineError } from '../errors.js';
import { guidanceSections as profileSections } from '../inputs/guidance.js';

export type ProfileSource =
  | 'raw'
  | 'generator_hints'
  | 'generator_hints_plus_dislikes'
  | 'none'
  | 'likes_dislikes'
  | 'dislikes_only'
  | 'combined';

export interface ProfileInputs {
  preferencesGuidance: string;
  generatorHints: string;
  dislikes: readonly string[];
}

function emitSections(sections: Map<string, string[]>, names: readonly string[]): string[] {
  const blocks: string[] = [];
  for (const name of names) {
    const lines = sections.get(name.toLowerCase());
    if (lines && lines.length > 0) blocks.push([`${name}:`, ...lines].join('\n'));
  }
  return blocks;
}

function likesDislikes(guidance: string): string {
  const blocks = emitSections(profileSections(guidance), ['Loves', 'Likes', 'Hates', 'Dislikes']);
  return blocks.length > 0 ? blocks.join('\n\n') : '<none>';
}

function requireHints(inputs: ProfileInputs, stageId: string, knobPath: string): string {
  const hints = inputs.generatorHints.trim();
  if (!hints) throw new PipelineError(`${stageId} requires generator_profile_hints for ${knobPath}=generator_hints`);
  return hints;
}

/** The profile text for `source`; `knobPath` names the knob in the generator_hints error. */
export function profileText(source: ProfileSource, inputs: ProfileInputs, stageId: string, knobPath: string): string {
  switch (source) {
    case 'raw':
      return inputs.preferencesGuidance;
    case 'generator_hints':
      return requireHints(inputs, stageId, knobPath);
    case 'generator_hints_plus_dislikes': {
      const hints = requireHints(inputs, stageId, knobPath);
      const dislikes = inputs.dislikes.length > 0 ? inputs.dislikes.map((d) => `- ${d}`) : ['- <none>'];
      return ['Profile extraction (generator-safe hints):', hints, '', 'Dislikes:', ...dislikes].join('\n');
    }
    case 'none':
      return '<none>';
    case 'likes_dislikes':
      return likesDislikes(inputs.preferencesGuidance);
    case 'dislikes_only': {
      const blocks = emitSections(profileSections(inputs.preferencesGuidance), ['Hates', 'Dislikes']);
      if (blocks.length > 0) return blocks.join('\n\n');
      if (inputs.dislikes.length > 0) return ['Dislikes/Hates:', ...inputs.dislikes.map((d) => `- ${d}`)].join('\n');
      return '<none>';
    }
    case 'combined': {
      const parts: string[] = [];
      const hints = inputs.generatorHints.trim();
      if (hints) parts.push(`Generator-safe profile hints:\n${hints}`);
      parts.push(`Likes/Dislikes/Hates (raw, minimal):\n${likesDislikes(inputs.preferencesGuidance)}`);
      return parts.join('\n\n');
    }
  }
}
