/**
 * Running the context injectors (pipeline.md §6.1): activation, per-injector streams
 * `context:<name>`, the guidance text and the `{<name>: metadata}` map.
 */
import type { AppConfig } from '../config/index.js';
import { CompileError, ConfigError } from '../errors.js';
import { stream, type PipelineLogger } from '../pipeline/index.js';
import type { ContextInjectionMode } from '../plans/types.js';
import { parseIsoDate, todayLocal, type CalendarDate } from './dates.js';
import { holidayInjector } from './holiday.js';
import { seasonInjector } from './season.js';
import type { ContextInjector } from './types.js';

/** Registered injectors by name; add one line to register another. */
export const CONTEXT_INJECTORS: ReadonlyMap<string, ContextInjector> = new Map(
  [seasonInjector, holidayInjector].map((i) => [i.name, i]),
);

export interface ContextResult {
  /** Whether injection ran for this plan. */
  active: boolean;
  /** `Context guidance (optional):` + lines, or '' when there are no lines. */
  guidance: string;
  /** `{<injector>: metadata}` (empty when inactive). */
  metadata: Record<string, Record<string, unknown>>;
}

/** Whether context injection is active for a plan (throws for `enabled` with context.enabled=false). */
export function contextActive(cfg: AppConfig, plan: string, mode: ContextInjectionMode): boolean {
  if (mode === 'disabled') return false;
  if (mode === 'enabled' && !cfg.context.enabled) throw new CompileError(`Plan ${plan} requires context.enabled=true`);
  return cfg.context.enabled;
}

export function contextDate(cfg: AppConfig, now?: Date): CalendarDate {
  if (!cfg.context.date) return todayLocal(now);
  const parsed = parseIsoDate(cfg.context.date);
  if (!parsed) throw new ConfigError(`Invalid config value for context.date: '${cfg.context.date}' (expected YYYY-MM-DD)`);
  return parsed;
}

export function formatContextGuidance(lines: string[]): string {
  const cleaned = lines.map((l) => l.replace(/^- /, '').trim()).filter(Boolean);
  return cleaned.length ? ['Context guidance (optional):', ...cleaned.map((l) => `- ${l}`)].join('\n') : '';
}

export function runContextInjectors(
  cfg: AppConfig,
  opts: { seed: number; plan: string; mode: ContextInjectionMode; preferencesGuidance: string; logger: PipelineLogger; now?: Date },
): ContextResult {
  if (!contextActive(cfg, opts.plan, opts.mode)) return { active: false, guidance: '', metadata: {} };
  const names = cfg.context.injectors;
  opts.logger.log('INFO', `Context injectors enabled: ${names.length ? names.join(', ') : '<none>'}`);
  const date = contextDate(cfg, opts.now);
  const lines: string[] = [];
  const metadata: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const injector = CONTEXT_INJECTORS.get(name);
    if (!injector) throw new ConfigError(`Unknown context injector: ${name}`);
    const out = injector.run({
      cfg,
      date,
      stream: stream(opts.seed, `context:${name}`),
      preferencesGuidance: opts.preferencesGuidance,
      log: (level, message) => opts.logger.log(level, message),
    });
    lines.push(...out.lines);
    metadata[name] = out.metadata;
  }
  return { active: true, guidance: formatContextGuidance(lines), metadata };
}
