/**
 * Prompt building blocks shared by the blackbox and blackbox_refine stages (pipeline.md §8.3):
 * the context slot, concepts, profile text sources, labelled sections.
 */
import type { RunContext } from '../../pipeline/context.js';
import { bulletList, outputText, requireOutput, runConcepts, runDislikes, runPreferences } from '../../inputs/promptBlocks.js';
import type { AppConfig } from '../../config/types.js';
import { contextSlot as sharedContextSlot } from '../../context/slot.js';
import { profileText, type ProfileSource } from '../../scoring/profile-sources.js';

export const NONE = '<none>';

/** The context slot (§6.4): context_guidance when `context.injection_location` is prompt|both, else `<none>`. */
export function contextSlot(ctx: RunContext, cfg: AppConfig): string {
  return sharedContextSlot(cfg, ctx);
}

export function conceptsBlock(ctx: RunContext): string {
  return bulletList(runConcepts(ctx));
}

export const preferencesGuidance = runPreferences;
export const dislikesOf = runDislikes;
export { requireOutput };

/** Profile text by source (§5.5) from the run's outputs; empty → `<none>`. */
export function profileFor(ctx: RunContext, source: ProfileSource, stageId: string, knobPath: string): string {
  const text = profileText(
    source,
    {
      preferencesGuidance: preferencesGuidance(ctx),
      generatorHints: outputText(ctx, 'generator_profile_hints'),
      dislikes: dislikesOf(ctx),
    },
    stageId,
    knobPath,
  );
  return text.trim() || NONE;
}

/** A labelled prompt section: `<Label>:` then the body. */
export function section(label: string, body: string): string {
  return `${label}:\n${body.trim() || NONE}`;
}

export function joinSections(parts: readonly (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n\n');
}
