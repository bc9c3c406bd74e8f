/**
 * `postprompt.profile_nudge` (pipeline.md §8.3): a small, non-obvious nudge of the latest prompt
 * toward the profile.
 */
import { contextSlot } from '../../context/slot.js';
import { PipelineError } from '../../errors.js';
import { runPreferences } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { latestPrompt } from './latestPrompt.js';

export const profileNudge: AppStageKind = {
  id: 'postprompt.profile_nudge',
  doc: 'Nudge the latest image prompt slightly toward the profile without changing its intent.',
  source: 'stages.postprompt.profile_nudge',
  tags: ['postprompt'],
  io: { requires: [], provides: ['postprompt.nudged_prompt'], captures: ['postprompt.nudged_prompt'] },
  build({ instanceId, knobs, cfg }) {
    const maxChars = knobs.intOrNull('max_prompt_chars', { default: null, min: 1 });
    return chatStage({
      instanceId,
      merge: 'none',
      temperature: 0.0,
      captureKey: 'postprompt.nudged_prompt',
      prompt: (ctx) => {
        const draft = latestPrompt(ctx, 'postprompt.profile_nudge');
        const profile = runPreferences(ctx);
        if (!profile) throw new PipelineError('preferences_guidance cannot be empty');
        return [
          'Revise the image prompt below with a small, non-obvious nudge toward the audience profile.',
          '',
          'Keep:',
          '- the intent, subject, setting and composition;',
          '- every explicit constraint already present (for example "no people" or "no text").',
          'Do not:',
          '- add new major objects or story beats;',
          '- copy phrases from the profile verbatim;',
          '- force a preference where it does not fit;',
          '- answer a dislike by adding its "opposite" — simply keep the disliked thing out.',
          ...(maxChars !== null ? [`Keep the revised prompt under ${maxChars} characters.`] : []),
          '',
          'Profile:',
          profile,
          '',
          'Context (optional):',
          contextSlot(cfg, ctx),
          '',
          'Prompt to revise:',
          draft,
          '',
          'Return only the revised prompt.',
        ].join('\n');
      },
    });
  },
};
