/**
 * Everything one run knows, threaded through its phases (one object per run: no module state).
 */
import type { Oplog } from './oplog.js';
import type { TitleGeneration } from './title-generator.js';
import type { TextCallLike } from './usage.js';

export type Phase =
  | 'init' | 'seed' | 'data_load' | 'plan_resolution' | 'context_injection' | 'init_text_ai' | 'context'
  | 'pipeline' | 'capture' | 'init_image_ai' | 'image_pipeline' | 'records' | 'rclone' | 'transcript';

export interface RunErrorRecord {
  type: string;
  message: string;
  phase: Phase;
  step?: string;
  path?: string;
}

export interface ExperimentLabels {
  id: string | null;
  variant: string | null;
  notes: string | null;
  tags: string[];
}

export interface PromptInputs {
  categories_path: string;
  profile_path: string;
  generations_csv_path: string;
  titles_manifest_path: string | null;
}

export interface ImageGenerationRecord {
  provider: string;
  model: string;
  size: string;
  quality: string;
  moderation: string;
  latency_ms: number;
  provider_seed: number | null;
  bytes: number;
  width: number;
  height: number;
}

export interface UpscaleRecord {
  engine: string;
  model: string;
  method: string;
  source: [number, number];
  target: [number, number];
  latency_ms: number;
}

export interface RunPaths {
  logDir: string;
  oplog: string;
  transcript: string;
  finalPrompt: string;
  runsIndex: string;
  generationsCsv: string;
  manifest: string | null;
}

/** The pipeline side of a run (the RunContext fields the transcript reads). */
export interface PipelineView {
  selected_concepts: string[];
  steps: unknown[];
  outputs: Record<string, unknown>;
  blackbox_scoring: Record<string, unknown> | null;
}

export interface RunState {
  generationId: string;
  runMode: 'full' | 'prompt_only';
  createdAt: string;
  startedMs: number;
  phase: Phase;
  seed: number | null;
  oplog: Oplog;
  paths: RunPaths;
  experiment: ExperimentLabels;
  promptInputs: PromptInputs;
  pipeline: PipelineView;
  promptPipeline: Record<string, unknown> | null;
  finalPrompt: string | null;
  finalPromptWritten: boolean;
  baseImagePath: string | null;
  upscaledImagePath: string | null;
  imageGeneration: ImageGenerationRecord | null;
  upscale: UpscaleRecord | null;
  titleGeneration: TitleGeneration | null;
  transcriptWritten: boolean;
  error: RunErrorRecord | null;
  runReport: { json: string; html: string } | null;
  runReviewError: string | null;
}

/** Final image: the 4K file when upscaled, else the base image. */
export function finalImagePath(state: RunState): string | null {
  return state.upscaledImagePath ?? state.baseImagePath;
}

/** Text calls of the run: chat steps (records with a provider) and title attempts. */
export function textCalls(state: RunState): TextCallLike[] {
  const calls: TextCallLike[] = [];
  for (const step of state.pipeline.steps as Array<Record<string, unknown>>) {
    if (step && step.type === 'chat') calls.push({ latency_ms: step.latency_ms as number, usage: step.usage as TextCallLike['usage'] });
  }
  for (const a of state.titleGeneration?.attempts ?? []) calls.push(a);
  return calls;
}
