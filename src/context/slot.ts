/**
 * The context slot of stage prompts (pipeline.md §6.4, §8.3): the context guidance when
 * `context.injection_location` is `prompt` or `both`, else `<none>`.
 */
import type { AppConfig } from '../config/index.js';
import type { RunContext } from '../pipeline/index.js';

export function contextSlotText(cfg: AppConfig, guidance: string | undefined | null): string {
  const location = cfg.context.injection_location;
  if ((location === 'prompt' || location === 'both') && guidance && guidance.trim()) return guidance.trim();
  return '<none>';
}

/** The slot at run time, from `ctx.outputs.context_guidance`. */
export function contextSlot(cfg: AppConfig, ctx: RunContext): string {
  const guidance = ctx.outputs.context_guidance;
  return contextSlotText(cfg, typeof guidance === 'string' ? guidance : '');
}
