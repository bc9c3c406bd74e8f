/**
 * Provider call accounting totals (generation.md §13) over chat steps, title attempts and the image call.
 */
import type { Usage } from '../providers/types.js';

export interface UsageTotals {
  text: {
    calls: number;
    input_tokens: number;
    output_tokens: number;
    total_tokens: number;
    calls_without_usage: number;
    latency_ms: number;
  };
  image: { calls: number; latency_ms: number };
}

export interface TextCallLike {
  latency_ms?: number | null;
  usage?: Usage | null;
}

const hasUsage = (u: Usage | null | undefined): u is Usage =>
  !!u && (typeof u.input_tokens === 'number' || typeof u.output_tokens === 'number' || typeof u.total_tokens === 'number');

export function usageTotals(textCalls: readonly TextCallLike[], imageCall: { latency_ms: number } | null): UsageTotals {
  const text = { calls: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, calls_without_usage: 0, latency_ms: 0 };
  for (const call of textCalls) {
    text.calls++;
    text.latency_ms += call.latency_ms ?? 0;
    const u = call.usage;
    if (!hasUsage(u)) {
      text.calls_without_usage++;
      continue;
    }
    text.input_tokens += u.input_tokens ?? 0;
    text.output_tokens += u.output_tokens ?? 0;
    text.total_tokens += u.total_tokens ?? 0;
  }
  return { text, image: { calls: imageCall ? 1 : 0, latency_ms: imageCall?.latency_ms ?? 0 } };
}
