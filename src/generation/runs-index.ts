/**
 * The run's `runs_index.jsonl` line (generation.md §12), appended whole under the file's lock.
 */
import { appendJsonl, utcTimestamp } from '../artifacts/index.js';
import { textCalls, type RunState } from './run-state.js';
import { usageTotals } from './usage.js';

export function buildRunsIndexLine(state: RunState, finishedAt: Date): Record<string, unknown> {
  const artifacts: Record<string, unknown> = {
    transcript: state.transcriptWritten ? state.paths.transcript : null,
    oplog: state.paths.oplog,
    final_prompt: state.finalPromptWritten ? state.paths.finalPrompt : null,
    image: state.baseImagePath,
    upscaled_image: state.upscaledImagePath,
  };
  if (state.runReport) {
    artifacts.run_report_html = state.runReport.html;
    artifacts.run_report_json = state.runReport.json;
  }
  const line: Record<string, unknown> = {
    schema_version: 1,
    generation_id: state.generationId,
    created_at: state.createdAt,
    seed: state.seed,
    status: state.error ? 'error' : 'success',
    phase: state.error ? state.error.phase : 'complete',
    run_mode: state.runMode,
    experiment: state.experiment,
    prompt_pipeline: state.promptPipeline,
    artifacts,
  };
  if (state.runReviewError !== null) line.run_review_error = state.runReviewError;
  if (state.error) line.error = state.error;
  line.finished_at = utcTimestamp(finishedAt);
  line.duration_ms = Math.max(0, Math.round(performance.now() - state.startedMs));
  line.usage = usageTotals(textCalls(state), state.imageGeneration);
  return line;
}

export async function appendRunsIndexLine(state: RunState): Promise<void> {
  const line = buildRunsIndexLine(state, new Date());
  await appendJsonl(state.paths.runsIndex, line, { warn: (m) => state.oplog.log('WARNING', m) });
  state.oplog.info(`Appended run index entry to ${state.paths.runsIndex} (status=${line.status as string})`);
}
