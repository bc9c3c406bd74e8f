/**
 * `standard.section_2_choice` (pipeline.md §8.3).
 */
import { followUp } from './common.js';

export const section2Choice = followUp(
  'standard.section_2_choice',
  'Choose the most compelling, resonant and cohesive of the proposed options.',
  [
    'Look back at the options proposed above. Choose the one that is most compelling, most likely to resonate with the',
    'audience and most cohesive as a single image. Name it, explain the choice in a few sentences, and restate the chosen',
    'option in full so the rest of the work can build on it.',
  ].join(' '),
);
