/**
 * Small text helpers shared by stage prompts (optional blocks print `<none>` when empty, §8.3).
 */
import { PipelineError } from '../errors.js';
import type { RunContext } from '../pipeline/index.js';

export function orNone(text: string | null | undefined): string {
  return text && text.trim() ? text.trim() : '<none>';
}

export function bulletList(items: readonly string[]): string {
  return items.length ? items.map((i) => `- ${i}`).join('\n') : '<none>';
}

/** Python-style list text for log lines: `['a', 'b']`. */
export function pyList(items: readonly unknown[]): string {
  return `[${items.map((i) => `'${String(i).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;
}

/** The run's selected concepts (ctx first, then outputs). */
export function runConcepts(ctx: RunContext): string[] {
  if (ctx.selected_concepts.length) return [...ctx.selected_concepts];
  const out = ctx.outputs.selected_concepts;
  return Array.isArray(out) ? out.filter((c): c is string => typeof c === 'string') : [];
}

/** A string output, trimmed ('' when absent). */
export function outputText(ctx: RunContext, key: string): string {
  const v = ctx.outputs[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** `preferences_guidance` at run time. */
export function runPreferences(ctx: RunContext): string {
  return outputText(ctx, 'preferences_guidance');
}

export function runDislikes(ctx: RunContext): string[] {
  const v = ctx.outputs.dislikes;
  return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : [];
}

/** A required string output (`Missing required output: <key>`). */
export function requireOutput(ctx: RunContext, key: string): string {
  const text = outputText(ctx, key);
  if (!text) throw new PipelineError(`Missing required output: ${key}`);
  return text;
}
