/** `blackbox.prepare`: novelty summary over the generations history (pipeline.md §8.3, §11.4). */
import type { AppStageKind } from '../../plans/types.js';
import { actionStage } from '../../pipeline/stageKind.js';
import type { RunContext } from '../../pipeline/context.js';
import {
  buildNoveltySummary,
  disabledSummary,
  noveltyEnabledCfg,
  type NoveltyConfig,
  type NoveltySummary,
} from '../../scoring/novelty.js';
import { recordPrepare } from '../../scoring/scoring-record.js';
import { readNoveltyKnobs } from './novelty-knobs.js';
import { preferencesGuidance } from './prompt-parts.js';

function historyPath(ctx: RunContext): string | null {
  const inputs = ctx.outputs.prompt_inputs as { generations_csv_path?: unknown } | undefined;
  const p = inputs?.generations_csv_path;
  return typeof p === 'string' && p.trim() ? p : null;
}

function summarize(ctx: RunContext, novelty: NoveltyConfig): NoveltySummary {
  if (!noveltyEnabledCfg(novelty)) return disabledSummary(novelty.window);
  const file = historyPath(ctx);
  try {
    if (!file) throw new Error('prompt_inputs.generations_csv_path is not set');
    return buildNoveltySummary(file, novelty);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    ctx.logger.log('WARNING', `Novelty enabled but history unavailable; disabling novelty for this run: ${file ?? '<unset>'} ${reason}`);
    return disabledSummary(novelty.window);
  }
}

export const prepareStage: AppStageKind = {
  id: 'blackbox.prepare',
  doc: 'Prepare blackbox scoring: novelty summary of recent prompts and default generator profile hints.',
  io: { provides: ['generator_profile_hints'] },
  build({ instanceId, knobs }) {
    const novelty = readNoveltyKnobs(knobs);
    return actionStage({
      instanceId,
      fn: (ctx) => {
        const enabledCfg = noveltyEnabledCfg(novelty);
        ctx.logger.log(
          'INFO',
          `Blackbox scoring prepare: novelty_enabled_cfg=${enabledCfg} window=${novelty.window} method=${novelty.method}`,
        );
        const summary = summarize(ctx, novelty);
        recordPrepare(ctx, summary, {
          method: novelty.method,
          window: novelty.window,
          enabled_cfg: enabledCfg,
          enabled_effective: summary.enabled,
        });
        ctx.outputs.generator_profile_hints = preferencesGuidance(ctx);
        return { novelty_enabled: summary.enabled, novelty_window: novelty.window, novelty_method: novelty.method };
      },
    });
  },
};
