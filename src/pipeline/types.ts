/**
 * Core kernel types (pipeline.md §2). The kernel imports nothing of the app except the shared
 * error classes in src/errors.ts; the text provider and logger are declared here structurally so
 * `TextProvider` (src/providers/types.ts) and `Logger` (src/artifacts) satisfy them as they are.
 */

export type Role = 'system' | 'user' | 'assistant';

export interface Message {
  role: Role;
  content: string;
}

export const MERGE_MODES = ['all_messages', 'last_response', 'none'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Anything with `log(level, message)`; `Logger` from src/artifacts fits. */
export interface PipelineLogger {
  log(level: LogLevel, message: string): void;
}

/** Response formats as sent to a provider (structurally equal to providers/types.ts). */
export interface WireJsonSchemaFormat {
  type: 'json_schema';
  name: string;
  schema: Record<string, unknown>;
}

export interface WireLineTemplateFormat {
  type: 'line_template';
  name: string;
  template:
    | { kind: 'title' }
    | { kind: 'fields'; fields: string[]; fixed?: Record<string, string>; separator?: string };
}

export type WireResponseFormat = WireJsonSchemaFormat | WireLineTemplateFormat;

export interface KernelTextRequest {
  messages: Message[];
  temperature: number;
  model?: string;
  responseFormat?: WireResponseFormat;
  params?: Record<string, unknown>;
  log?: (level: LogLevel, message: string) => void;
  signal?: AbortSignal;
}

export interface KernelUsage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
}

export interface KernelTextResponse {
  text: string;
  provider: string;
  model: string;
  latency_ms: number;
  attempts: number;
  usage: KernelUsage;
}

/** The text provider as the kernel sees it (src/providers `TextProvider` is compatible). */
export interface KernelTextProvider {
  readonly name: string;
  readonly defaultModel: string;
  complete(request: KernelTextRequest): Promise<KernelTextResponse>;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
