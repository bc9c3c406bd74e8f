/**
 * `standard.section_2b_title_and_story` (pipeline.md §8.3).
 */
import { followUp } from './common.js';

export const section2bTitleAndStory = followUp(
  'standard.section_2b_title_and_story',
  'Give the chosen option a title and a story, and decide how every element serves the theme.',
  [
    'Develop the chosen option:',
    '- Give it a title and tell its story in a short paragraph.',
    '- For each element (subject, narrative, mood, composition, perspective, style, time period, colours) say in concrete',
    '  visual terms how it serves the theme; drop any element that does not.',
    '- Add hidden layers that reward a second look.',
    '- Close with a compact summary of mood, perspective, style, period, colour palette, subject and narrative.',
  ].join('\n'),
);
