/** Knobs of the idea-card stages (§8.2): num_ideas, idea_profile_source, model, temperature. */
import type { KnobReader } from '../../pipeline/knobs.js';
import { IDEA_PROFILE_SOURCES, readTemperature } from './knob-helpers.js';

export interface IdeaCardKnobs {
  num_ideas: number;
  idea_profile_source: (typeof IDEA_PROFILE_SOURCES)[number];
  model: string | null;
  temperature: number;
}

export function readIdeaCardKnobs(knobs: KnobReader): IdeaCardKnobs {
  return {
    num_ideas: knobs.int('num_ideas', { default: 6, min: 1 }),
    idea_profile_source: knobs.enum('idea_profile_source', IDEA_PROFILE_SOURCES, 'none'),
    model: knobs.strOrNull('model', { default: null }),
    temperature: readTemperature(knobs, 'temperature', 0.8),
  };
}
