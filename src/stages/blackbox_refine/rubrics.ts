/** Judge rubrics of the refine loop (pipeline.md §11.5), in the project's own words, with the spec's budgets. */
import type { Rubric } from '../../scoring/refine/loop-config.js';

export const RUBRICS: Readonly<Record<Rubric, string>> = {
  default: [
    'Rubric (default): start every candidate at 70, then adjust.',
    '- Concepts: +0 to +20 for how fully and naturally the selected concepts shape the image.',
    '- Profile fit: +0 to +20 for matching the tastes; a clear dislike can cost a lot more than it could ever earn.',
    '- Renderability and coherence: +0 to +20 for one consistent, physically plausible, concrete image.',
    '- Novelty: +0 to +10 for fresh choices that avoid recently repeated motifs.',
    '- Clamp the result to 0..100.',
  ].join('\n'),
  strict: [
    'Rubric (strict): read the profile literally, whatever its format.',
    '- Avoid-signals (dislikes, hates) are high priority; like-signals count moderately.',
    '- Credit any reasonable reading that is compatible with the profile; give nothing for "fixing" a dislike',
    '  by adding its opposite (disliking "crooked X" is no reason to add "straight X").',
    '- Start at 70.',
    '- Concepts and explicit constraints: +0 to +25; a contradicted constraint costs -15 to -30.',
    '- Renderability and internal consistency: +0 to +20; contradictions cost -10 to -25.',
    '- Dislikes: apply ONE penalty at the highest severity present: -15 minor, -35 meaningful, -60 hated or central.',
    '- Clamp the result to 0..100.',
  ].join('\n'),
  novelty_heavy: [
    'Rubric (novelty heavy): start every candidate at 65, then adjust.',
    '- Concepts: +0 to +20.',
    '- Profile fit: +0 to +20.',
    '- Novelty: +0 to +25 for surprising yet fitting choices of subject, viewpoint, light, medium or metaphor.',
    '- Renderability: +0 to +15.',
    '- Repeated recent motifs (see the novelty summary): -0 to -30.',
    '- Clamp the result to 0..100.',
  ].join('\n'),
};
