/**
 * `ab.scene_refine_with_block` (pipeline.md §8.3): refinement by a silent checklist.
 */
import type { AppStageKind } from '../../plans/types.js';
import { sceneRefineStage } from './scene_refine_common.js';

export const REFINEMENT_CHECKLIST = [
  'the subject is unmistakable at a glance;',
  'the setting is concrete (place, time, weather);',
  'framing and lens are stated (shot size, angle, focal feel);',
  'the light has a source, direction and quality;',
  'the palette is named, with one or two accent colours;',
  'at least three grounded, physical details;',
  'the token appears as diegetic text that belongs in the scene;',
  'every cliché is replaced by something specific.',
];

export const sceneRefineWithBlock: AppStageKind = {
  id: 'ab.scene_refine_with_block',
  doc: 'Refine the scene draft by a silent checklist (subject, setting, framing, light, palette, details, token).',
  source: 'stages.ab.scene_refine_with_block',
  tags: ['ab'],
  io: { requires: ['ab_random_token', 'ab_scene_draft'], provides: ['ab_scene_refined'], captures: ['ab_scene_refined'] },
  build({ instanceId }) {
    return sceneRefineStage(instanceId, {
      instructions: (token) => [
        'Refine the scene below. Silently check it against this list and fix whatever fails:',
        ...REFINEMENT_CHECKLIST.map((item) => `- ${item}`),
        '',
        `Token (keep it verbatim as visible text): ${token}`,
      ],
      closing: 'Return only the refined scene; do not show the checklist.',
    });
  },
};
