/**
 * `standard.section_4_concise_description` (pipeline.md §8.3).
 */
import { followUp } from './common.js';

export const section4ConciseDescription = followUp(
  'standard.section_4_concise_description',
  'Condense the piece into a concise, detailed description for an image model, using prompt-craft advice.',
  [
    'Write a concise but detailed description of the final piece for an image-generation model. Apply good prompt craft:',
    '- put the key details first;',
    '- use symbolic motifs that carry the message;',
    '- prefer action and emotion words over abstract adjectives;',
    '- name the style, medium and colours explicitly;',
    '- layer the detail from the main subject to the background.',
  ].join('\n'),
);
