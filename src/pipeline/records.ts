/**
 * Step records (pipeline.md §2.6, generation.md §11) and effective meta.
 */
import type { KernelUsage, JsonValue } from './types.js';

export interface ChatStepRecord {
  type: 'chat';
  name: string;
  path: string;
  prompt: string;
  response: string;
  params: Record<string, JsonValue>;
  prompt_chars: number;
  response_chars: number;
  context_chars: number;
  input_chars: number;
  context_messages: number;
  input_messages: number;
  created_at: string;
  meta: Record<string, JsonValue>;
  provider: string;
  latency_ms: number;
  usage: KernelUsage | null;
  attempts: number;
  response_format?: string;
}

export interface ActionStepRecord {
  type: 'action';
  name: string;
  path: string;
  created_at: string;
  meta: Record<string, JsonValue>;
  result?: JsonValue;
  latency_ms: number;
}

export type StepRecord = ChatStepRecord | ActionStepRecord;

/** Length in Unicode code points (every character count of the spec). */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Stage id of a path: segment 1 when segment 0 is `pipeline`. */
export function stageIdFromPath(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'pipeline' && parts.length > 1 ? parts[1] : undefined;
}

/** Ancestors' block meta (outermost first), then the node's own meta; `stage_id` from the path if absent. */
export function effectiveMeta(inherited: Record<string, unknown>, own: Record<string, unknown>, path: string): Record<string, unknown> {
  const meta: Record<string, unknown> = { ...inherited, ...own };
  if (meta.stage_id === undefined) {
    const id = stageIdFromPath(path);
    if (id !== undefined) meta.stage_id = id;
  }
  return meta;
}

/** Sum usages; a field is null when no attempt reported it. */
export function sumUsage(items: (KernelUsage | null | undefined)[]): KernelUsage | null {
  const present = items.filter((u): u is KernelUsage => !!u);
  if (!present.length) return null;
  const add = (key: keyof KernelUsage): number | null => {
    const vals = present.map((u) => u[key]).filter((v): v is number => typeof v === 'number');
    return vals.length ? vals.reduce((a, b) => a + b, 0) : null;
  };
  return { input_tokens: add('input_tokens'), output_tokens: add('output_tokens'), total_tokens: add('total_tokens') };
}
