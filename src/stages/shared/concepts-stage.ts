/**
 * Chat stages whose prompt is written from the run's selected concepts (`direct.image_prompt_creation`,
 * `standard.initial_prompt`): one builder, so the check and its error message stay the same for every kind.
 */
import { PipelineError } from '../../errors.js';
import { runConcepts } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { Block, RunContext } from '../../pipeline/index.js';

/** The run's selected concepts; throws a `PipelineError` naming `stageId` when there are none. */
export function requireRunConcepts(ctx: RunContext, stageId: string): string[] {
  const concepts = runConcepts(ctx);
  if (!concepts.length) {
    throw new PipelineError(
      `${stageId} requires selected concepts; run preprompt.select_concepts first (or include it in the plan).`,
    );
  }
  return concepts;
}

export interface ConceptsChatStageSpec {
  /** Stage kind id, named in the error when the run has no selected concepts. */
  stageId: string;
  instanceId: string;
  temperature: number;
  /** The prompt text from the run context and its (non-empty) selected concepts. */
  prompt: (ctx: RunContext, concepts: string[]) => string;
}

/** `chatStage` whose prompt needs the selected concepts (checked at run time). */
export function conceptsChatStage(spec: ConceptsChatStageSpec): Block {
  return chatStage({
    instanceId: spec.instanceId,
    temperature: spec.temperature,
    prompt: (ctx) => spec.prompt(ctx, requireRunConcepts(ctx, spec.stageId)),
  });
}
