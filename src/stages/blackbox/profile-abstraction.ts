/** `blackbox.profile_abstraction`: rewrite the raw profile as generator-safe bullets (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { chatStage } from '../../pipeline/stageKind.js';
import { profileAbstractionPrompt } from './profile-abstraction-prompt.js';

export const profileAbstractionStage: AppStageKind = {
  id: 'blackbox.profile_abstraction',
  doc: 'Rewrite the raw profile as short generator-safe hints (tastes, motifs, hard avoids).',
  io: { provides: ['generator_profile_hints'], captures: ['generator_profile_hints'] },
  build({ instanceId }) {
    return chatStage({
      instanceId,
      merge: 'none',
      prompt: profileAbstractionPrompt,
      temperature: 0.0,
      captureKey: 'generator_profile_hints',
    });
  },
};
