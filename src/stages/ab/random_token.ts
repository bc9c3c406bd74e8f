/**
 * `ab.random_token` (pipeline.md §8.3).
 */
import { actionStage } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { abRandomToken } from './token.js';

export const randomToken: AppStageKind = {
  id: 'ab.random_token',
  doc: 'Generate a deterministic per-run random token from the run seed.',
  source: 'stages.ab.random_token',
  tags: ['ab'],
  io: { requires: [], provides: ['ab_random_token'], captures: ['ab_random_token'] },
  build({ instanceId }) {
    return actionStage({ instanceId, captureKey: 'ab_random_token', fn: (ctx) => abRandomToken(ctx.seed, instanceId) });
  },
};
