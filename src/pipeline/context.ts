/**
 * RunContext (pipeline.md §3): the mutable state one run threads through its nodes.
 */
import type { StepRecord } from './records.js';
import type { KernelTextProvider, Message, PipelineLogger } from './types.js';

export interface RunContext {
  generation_id: string;
  /** The app's parsed config (the kernel never reads it; stages capture what they need at build). */
  cfg: unknown;
  logger: PipelineLogger;
  seed: number;
  created_at: string;
  messages: Message[];
  user_role: 'user';
  agent_role: 'assistant';
  selected_concepts: string[];
  outputs: Record<string, unknown>;
  blackbox_scoring: Record<string, unknown> | null;
  steps: StepRecord[];
  image_path: string | null;
  error: unknown;
  /** The text provider chat steps call; null in compile-only contexts. */
  textProvider: KernelTextProvider | null;
  /** Extra calls when a response violates its declared format (`providers.text.format_retries`). */
  formatRetries: number;
  /** Optional clock for step `created_at` (tests); defaults to now. */
  now?: () => Date;
}

export interface RunContextInit {
  generation_id?: string;
  cfg?: unknown;
  logger?: PipelineLogger;
  seed: number;
  created_at?: string;
  systemPrompt?: string;
  messages?: Message[];
  outputs?: Record<string, unknown>;
  selected_concepts?: string[];
  textProvider?: KernelTextProvider | null;
  formatRetries?: number;
  now?: () => Date;
}

export const silentLogger: PipelineLogger = { log: () => undefined };

/** UTC `YYYY-MM-DDTHH:MM:SSZ`. */
export function utcIso(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createRunContext(init: RunContextInit): RunContext {
  const messages: Message[] = init.messages
    ? init.messages.map((m) => ({ ...m }))
    : init.systemPrompt !== undefined
      ? [{ role: 'system', content: init.systemPrompt }]
      : [];
  return {
    generation_id: init.generation_id ?? 'unnamed',
    cfg: init.cfg ?? null,
    logger: init.logger ?? silentLogger,
    seed: init.seed,
    created_at: init.created_at ?? utcIso(),
    messages,
    user_role: 'user',
    agent_role: 'assistant',
    selected_concepts: [...(init.selected_concepts ?? [])],
    outputs: { ...(init.outputs ?? {}) },
    blackbox_scoring: null,
    steps: [],
    image_path: null,
    error: null,
    textProvider: init.textProvider ?? null,
    formatRetries: init.formatRetries ?? 2,
    ...(init.now ? { now: init.now } : {}),
  };
}
