/** The report model of review.md §3.3 (keys in the order the spec gives). */
import type { OplogStats, SideEffect } from './oplog-parse.js';

export type Severity = 'error' | 'warn' | 'info';

export interface Issue {
  severity: Severity;
  code: string;
  message: string;
  path: string | null;
  artifact_path: string | null;
}

export interface StepTiming {
  start_ts: string | null;
  end_ts: string | null;
  duration_ms: number | null;
}

export type StepStatus = 'ok' | 'failed' | 'incomplete' | 'no_oplog';

export interface ReportStep {
  step_index: number;
  transcript_index: number | null;
  path: string;
  name: string;
  type: string | null;
  status: StepStatus;
  prompt: string | null;
  response: string | null;
  prompt_chars: number | null;
  input_chars: number | null;
  context_chars: number | null;
  response_chars: number | null;
  oplog_prompt_chars: number | null;
  oplog_input_chars: number | null;
  oplog_context_chars: number | null;
  oplog_response_chars: number | null;
  timing: StepTiming;
  issues: Issue[];
}

export interface ArtifactPaths {
  transcript: string | null;
  oplog: string | null;
  image?: string;
  final_prompt?: string;
}

export interface ReportMetadata {
  generation_id: string;
  seed: unknown;
  created_at: unknown;
  selected_concepts: unknown;
  image_path: unknown;
  experiment: Record<string, unknown> | null;
  prompt_pipeline: Record<string, unknown> | null;
  context: unknown;
  title_generation: unknown;
  concept_filter_log: unknown;
  final_prompt: string | null;
  final_prompt_source: 'transcript' | 'final_prompt_file' | 'likely_final_step' | null;
  error: unknown;
  oplog_stats: OplogStats | null;
  artifact_paths: ArtifactPaths;
}

export interface RunTiming {
  start_ts: string | null;
  end_ts: string | null;
  runtime_ms: number | null;
  outcome: 'success' | 'failed' | 'unknown';
}

export interface RunReport {
  schema_version: 1;
  kind: 'run_report';
  metadata: ReportMetadata;
  steps: ReportStep[];
  side_effects: SideEffect[];
  issues: Issue[];
  parser_version: string;
  tool_version: string;
  evolution: Record<string, unknown> | null;
  run_timing: RunTiming;
  unknown_events: string[];
}

export const PARSER_VERSION = '2.0.0';

export function makeIssue(severity: Severity, code: string, message: string, path: string | null = null, artifactPath: string | null = null): Issue {
  return { severity, code, message, path, artifact_path: artifactPath };
}
