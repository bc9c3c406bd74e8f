/** `blackbox.profile_hints_load`: load generator hints from `hints_path` (§8.3). */
import type { AppStageKind } from '../../plans/types.js';
import { actionStage } from '../../pipeline/stageKind.js';
import { CompileError } from '../../errors.js';
import { loadHintsFile, resolveHintsPath } from './hints-file.js';

export const profileHintsLoadStage: AppStageKind = {
  id: 'blackbox.profile_hints_load',
  doc: 'Load generator profile hints from a text or CSV file (hints_path).',
  io: { provides: ['generator_profile_hints'], captures: ['generator_profile_hints'] },
  build({ instanceId, knobs, inputs }) {
    const hintsPath = knobs.strOrNull('hints_path', { default: null });
    if (!hintsPath) throw new CompileError('blackbox.profile_hints_load requires hints_path');
    const file = resolveHintsPath(hintsPath, inputs.workspaceRoot);
    return actionStage({
      instanceId,
      captureKey: 'generator_profile_hints',
      fn: (ctx) => {
        const text = loadHintsFile(file);
        ctx.logger.log('INFO', `Loaded generator profile hints from ${file} (chars=${[...text].length})`);
        return text;
      },
    });
  },
};
