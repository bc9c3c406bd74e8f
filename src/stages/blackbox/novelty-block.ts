/** The novelty summary as a prompt block (2-space JSON; `<none>` when unavailable or not wanted). */
import type { RunContext } from '../../pipeline/context.js';
import { summaryAvailable } from '../../scoring/novelty.js';
import { NONE } from './prompt-parts.js';

export function noveltySummaryOf(ctx: RunContext): unknown {
  return ctx.blackbox_scoring?.novelty_summary ?? null;
}

export function noveltySummaryBlock(ctx: RunContext, include: boolean): string {
  const summary = noveltySummaryOf(ctx);
  if (!include || !summaryAvailable(summary)) return NONE;
  return JSON.stringify(summary, null, 2);
}
