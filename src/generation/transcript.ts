/**
 * `<gid>_transcript.json` (generation.md §11): keys in spec order, optional keys only when present.
 */
import path from 'node:path';
import { toolInfo } from './tool-info.js';
import { finalImagePath, textCalls, type RunState } from './run-state.js';
import { usageTotals } from './usage.js';

export function hasExperimentLabels(e: RunState['experiment']): boolean {
  return e.id !== null || e.variant !== null || e.notes !== null || e.tags.length > 0;
}

export function buildTranscript(state: RunState): Record<string, unknown> {
  const outputs = state.pipeline.outputs;
  const t: Record<string, unknown> = {
    generation_id: state.generationId,
    seed: state.seed,
    selected_concepts: [...state.pipeline.selected_concepts],
    steps: state.pipeline.steps,
    image_path: finalImagePath(state),
    created_at: state.createdAt,
    categories_file: path.basename(state.promptInputs.categories_path),
    profile_file: path.basename(state.promptInputs.profile_path),
    prompt_inputs: state.promptInputs,
  };
  if (hasExperimentLabels(state.experiment)) t.experiment = state.experiment;
  if (state.finalPrompt !== null) t.final_image_prompt = state.finalPrompt;
  if (state.pipeline.blackbox_scoring) t.blackbox_scoring = state.pipeline.blackbox_scoring;
  if (outputs.context !== undefined && outputs.context !== null) t.context = outputs.context;
  if (outputs.concept_filter_log !== undefined && outputs.concept_filter_log !== null) t.concept_filter_log = outputs.concept_filter_log;
  if (state.titleGeneration) t.title_generation = state.titleGeneration;
  if (state.promptPipeline) t.outputs = { prompt_pipeline: state.promptPipeline };
  if (state.imageGeneration) t.image_generation = state.imageGeneration;
  if (state.upscale) t.upscale = state.upscale;
  t.usage = usageTotals(textCalls(state), state.imageGeneration);
  t.tool = toolInfo();
  if (state.error) t.error = state.error;
  return t;
}
