/** `blackbox_refine.seed_from_draft`: seed the refine loop with the plan's draft prompt input (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { actionStage } from '../../pipeline/stageKind.js';
import { SEED_KEY } from './loop-state.js';

export const seedFromDraftStage: AppStageKind = {
  id: 'blackbox_refine.seed_from_draft',
  doc: 'Seed the refine loop with the draft prompt (prompt.refine_only.draft or draft_path).',
  io: { provides: [SEED_KEY], captures: [SEED_KEY] },
  build({ instanceId, inputs }) {
    const draft = inputs.draftPrompt?.trim() ?? '';
    if (!draft) throw new Error('prompt.plan=blackbox_refine_only requires prompt.refine_only.draft or draft_path');
    return actionStage({
      instanceId,
      captureKey: SEED_KEY,
      fn: (ctx) => {
        ctx.logger.log('INFO', `Blackbox prompt refine seed: source=draft_prompt chars=${[...draft].length}`);
        return draft;
      },
    });
  },
};
