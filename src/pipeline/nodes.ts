/**
 * Pipeline nodes (pipeline.md §2.1): ChatStep, ActionStep, Block. Nodes are frozen; the compiler
 * builds patched copies with `patchNode`.
 */
import { PipelineError } from '../errors.js';
import type { RunContext } from './context.js';
import type { PipelineResponseFormat } from './formats.js';
import { MERGE_MODES, type MergeMode } from './types.js';

export type Meta = Record<string, unknown>;
export type PromptSource = string | ((ctx: RunContext) => unknown);
/** A response format, or a function choosing it at run time (e.g. a schema holding a run token). */
export type ResponseFormatSource = PipelineResponseFormat | ((ctx: RunContext) => PipelineResponseFormat);

export interface ChatStep {
  readonly kind: 'chat';
  readonly name?: string;
  readonly prompt: PromptSource;
  readonly temperature: number;
  readonly merge: MergeMode;
  readonly allowEmptyPrompt: boolean;
  readonly allowEmptyResponse: boolean;
  readonly captureKey?: string;
  /** Extra request params; `model` selects the per-call model. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly meta: Readonly<Meta>;
  readonly responseFormat?: ResponseFormatSource;
}

export interface ActionStep {
  readonly kind: 'action';
  readonly name?: string;
  readonly fn: (ctx: RunContext) => unknown;
  readonly merge: MergeMode;
  readonly captureKey?: string;
  readonly meta: Readonly<Meta>;
}

export interface Block {
  readonly kind: 'block';
  readonly name?: string;
  readonly nodes: readonly PipelineNode[];
  readonly merge: MergeMode;
  readonly captureKey?: string;
  readonly meta: Readonly<Meta>;
}

export type PipelineNode = ChatStep | ActionStep | Block;

export interface ChatStepSpec {
  name?: string;
  prompt: PromptSource;
  temperature: number;
  merge?: MergeMode;
  allowEmptyPrompt?: boolean;
  allowEmptyResponse?: boolean;
  captureKey?: string;
  params?: Record<string, unknown>;
  meta?: Meta;
  responseFormat?: ResponseFormatSource;
}

export interface ActionStepSpec {
  name?: string;
  fn: (ctx: RunContext) => unknown;
  merge?: MergeMode;
  captureKey?: string;
  meta?: Meta;
}

export interface BlockSpec {
  name?: string;
  nodes: PipelineNode[];
  merge?: MergeMode;
  captureKey?: string;
  meta?: Meta;
}

function cleanText(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new PipelineError(`${what} must be a string`);
  const trimmed = value.trim();
  if (!trimmed) throw new PipelineError(`${what} cannot be empty`);
  return trimmed;
}

function checkMerge(merge: unknown): MergeMode {
  if (typeof merge !== 'string' || !(MERGE_MODES as readonly string[]).includes(merge)) {
    throw new PipelineError(`Invalid step merge mode: ${String(merge)}`);
  }
  return merge as MergeMode;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export function chatStep(spec: ChatStepSpec): ChatStep {
  const name = cleanText(spec.name, 'Step name');
  const captureKey = cleanText(spec.captureKey, 'Step capture_key');
  const merge = checkMerge(spec.merge ?? 'all_messages');
  const params = { ...(spec.params ?? {}) };
  if ('temperature' in params) {
    throw new PipelineError(
      `Step ${name ?? '<unnamed>'} sets params['temperature']; use the ChatStep.temperature field instead`,
    );
  }
  if (typeof spec.temperature !== 'number' || !Number.isFinite(spec.temperature)) {
    throw new PipelineError(`Step ${name ?? '<unnamed>'} temperature must be a finite number`);
  }
  return Object.freeze({
    kind: 'chat' as const,
    ...optional('name', name),
    prompt: spec.prompt,
    temperature: spec.temperature,
    merge,
    allowEmptyPrompt: spec.allowEmptyPrompt ?? false,
    allowEmptyResponse: spec.allowEmptyResponse ?? false,
    ...optional('captureKey', captureKey),
    params: Object.freeze(params),
    meta: Object.freeze({ ...(spec.meta ?? {}) }),
    ...optional('responseFormat', spec.responseFormat),
  });
}

export function actionStep(spec: ActionStepSpec): ActionStep {
  const name = cleanText(spec.name, 'Action name');
  const captureKey = cleanText(spec.captureKey, 'Action capture_key');
  const merge = checkMerge(spec.merge ?? 'none');
  if (merge === 'last_response') throw new PipelineError("ActionStep does not support merge='last_response'");
  if (typeof spec.fn !== 'function') throw new PipelineError(`Action ${name ?? '<unnamed>'} fn must be a function`);
  return Object.freeze({
    kind: 'action' as const,
    ...optional('name', name),
    fn: spec.fn,
    merge,
    ...optional('captureKey', captureKey),
    meta: Object.freeze({ ...(spec.meta ?? {}) }),
  });
}

export function block(spec: BlockSpec): Block {
  const name = cleanText(spec.name, 'Block name');
  const captureKey = cleanText(spec.captureKey, 'Block capture_key');
  const merge = checkMerge(spec.merge ?? 'all_messages');
  return Object.freeze({
    kind: 'block' as const,
    ...optional('name', name),
    nodes: Object.freeze([...spec.nodes]),
    merge,
    ...optional('captureKey', captureKey),
    meta: Object.freeze({ ...(spec.meta ?? {}) }),
  });
}

/** A patched, still frozen copy of a node (the original is untouched). */
export function patchNode<N extends PipelineNode>(node: N, patch: Partial<Omit<N, 'kind'>>): N {
  return Object.freeze({ ...node, ...patch }) as unknown as N;
}

/** `step_NN` / `action_NN` / `block_NN` for unnamed children (1-based position, 2 digits). */
export function defaultNodeName(node: PipelineNode, position: number): string {
  const prefix = node.kind === 'chat' ? 'step' : node.kind;
  return `${prefix}_${String(position).padStart(2, '0')}`;
}

/** Effective child names of a block, in order (pipeline.md §2.4). */
export function childNames(parent: Block): string[] {
  return parent.nodes.map((child, i) => child.name ?? defaultNodeName(child, i + 1));
}

export function joinPath(parentPath: string, name: string): string {
  return parentPath ? `${parentPath}/${name}` : name;
}

/** Names occurring more than once, sorted. */
export function duplicateNames(names: string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const n of names) (seen.has(n) ? dupes : seen).add(n);
  return [...dupes].sort();
}

/** True when the block yields assistant output (pipeline.md §7.5; the block's own merge does not count). */
export function producesAssistantOutput(node: Block): boolean {
  return node.nodes.some(
    (child) =>
      child.merge !== 'none' && (child.kind === 'chat' || (child.kind === 'block' && producesAssistantOutput(child))),
  );
}

export function containsChatStep(node: Block): boolean {
  return node.nodes.some((c) => c.kind === 'chat' || (c.kind === 'block' && containsChatStep(c)));
}

/** Visit every node with its path (the root's own name first). */
export function walkNodes(
  root: PipelineNode,
  visit: (node: PipelineNode, path: string) => void,
  rootPath?: string,
): void {
  const path = rootPath ?? root.name ?? defaultNodeName(root, 1);
  visit(root, path);
  if (root.kind === 'block') {
    const names = childNames(root);
    root.nodes.forEach((child, i) => walkNodes(child, visit, joinPath(path, names[i]!)));
  }
}
