/**
 * The run's system prompt (generation.md phase `init_text_ai`), with context guidance appended
 * after a blank line when `context.injection_location` is `system` or `both` (pipeline.md §6.4).
 */
import type { AppConfig } from '../config/index.js';
import { audienceName } from '../inputs/audience.js';

export function buildSystemPrompt(cfg: AppConfig, opts: { contextGuidance?: string } = {}): string {
  const audience = audienceName(cfg.prompt.audience);
  const base = [
    `You are a thoughtful creative director who helps design artwork for ${audience}.`,
    'You turn tastes and creative concepts into vivid, concrete, renderable image descriptions and prompts for an image-generation model.',
    'Follow each request exactly, respect the stated preferences and avoids, and answer with the requested output only.',
  ].join(' ');
  const location = cfg.context.injection_location;
  const guidance = opts.contextGuidance?.trim();
  if (guidance && (location === 'system' || location === 'both')) return `${base}\n\n${guidance}`;
  return base;
}
