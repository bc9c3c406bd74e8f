/**
 * `standard.section_3_message_focus` (pipeline.md §8.3).
 */
import { followUp } from './common.js';

export const section3MessageFocus = followUp(
  'standard.section_3_message_focus',
  'Sharpen the core message: make it bolder, and decide what to cut or add.',
  [
    'State the core message of the piece in one sentence. Then say how to make it bolder and clearer: what to cut because',
    'it distracts, and what to add because the message needs it. End with the revised concept in a short paragraph.',
  ].join(' '),
);
