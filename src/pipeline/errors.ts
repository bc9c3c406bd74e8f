/**
 * Error attribution (pipeline.md §2.7): an error escaping a node gets pipelinePath, pipelineStep,
 * pipelineNodeType and pipelineNodeName, each only if absent (innermost wins).
 */
import { PipelineError, type PipelineErrorFields } from '../errors.js';

export type AttributedError = Error & PipelineErrorFields;
export type NodeType = NonNullable<PipelineErrorFields['pipelineNodeType']>;

/** Turn any thrown value into an Error (non-errors become PipelineError). */
export function asError(err: unknown): AttributedError {
  if (err instanceof Error) return err as AttributedError;
  return new PipelineError(String(err)) as AttributedError;
}

/** Set the attribution fields that are still absent. */
export function attributeError(err: unknown, fields: Required<PipelineErrorFields>): AttributedError {
  const e = asError(err);
  if (e.pipelinePath === undefined) e.pipelinePath = fields.pipelinePath;
  if (e.pipelineStep === undefined) e.pipelineStep = fields.pipelineStep;
  if (e.pipelineNodeType === undefined) e.pipelineNodeType = fields.pipelineNodeType;
  if (e.pipelineNodeName === undefined) e.pipelineNodeName = fields.pipelineNodeName;
  return e;
}

/**
 * Blame another node (e.g. an action blaming the chat step whose output it parses, §11):
 * throws `err` with the given path, so enclosing nodes keep it.
 */
export function blameStep(err: unknown, path: string, nodeType: NodeType = 'step'): AttributedError {
  const name = path.split('/').pop() ?? path;
  return attributeError(err, { pipelinePath: path, pipelineStep: name, pipelineNodeType: nodeType, pipelineNodeName: name });
}
