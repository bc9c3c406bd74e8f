/**
 * Execution (pipeline.md §2.3): every node runs on a deep copy of its parent's working
 * conversation; the parent changes only by one merge after the node succeeds.
 */
import { PipelineError, ResponseFormatError } from '../errors.js';
import type { RunContext } from './context.js';
import { utcIso } from './context.js';
import { attributeError, type NodeType } from './errors.js';
import { checkResponseFormat, wireFormat } from './formats.js';
import { toJsonSafe } from './jsonSafe.js';
import type { ActionStep, Block, ChatStep, PipelineNode } from './nodes.js';
import { childNames, defaultNodeName, duplicateNames, joinPath } from './nodes.js';
import { codePoints, effectiveMeta, sumUsage, type ChatStepRecord } from './records.js';
import type { JsonValue, KernelTextResponse, Message } from './types.js';

export interface NodeResult {
  /** Messages the node produced (its own delta). */
  produced: Message[];
  /** The node's last assistant text, if any. */
  lastText: string | null;
  /** The node's last output (chat response, action result, block text). */
  lastOutput: unknown;
  /** What the node's merge writes into its parent. */
  mergeDelta: Message[];
}

const loggedFailures = new WeakSet<object>();

function copyConversation(messages: readonly Message[]): Message[] {
  return messages.map((m) => ({ role: m.role, content: m.content }));
}

function nodeTypeOf(node: PipelineNode): NodeType {
  return node.kind === 'chat' ? 'step' : node.kind;
}

function metaStr(meta: Record<string, unknown>, key: string, fallback: string): string {
  const v = meta[key];
  return typeof v === 'string' ? v : v === undefined || v === null ? fallback : String(v);
}

function now(ctx: RunContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

/** Stage id, source and `created_at` of a chat or action step, after logging its `Step: <path> (...)` line. */
function startStep(
  ctx: RunContext,
  type: 'chat' | 'action',
  path: string,
  meta: Record<string, unknown>,
  contextChars: number,
  promptChars: number,
): { stageId: string; source: string; createdAt: string } {
  const stageId = metaStr(meta, 'stage_id', '');
  const source = metaStr(meta, 'source', 'inline');
  const createdAt = utcIso(now(ctx));
  ctx.logger.log(
    'INFO',
    `Step: ${path} (type=${type}, stage_id=${stageId}, source=${source}, doc=${JSON.stringify(metaStr(meta, 'doc', ''))}, ` +
      `context_chars=${contextChars}, prompt_chars=${promptChars}, input_chars=${contextChars + promptChars})`,
  );
  return { stageId, source, createdAt };
}

/**
 * Run the root block on `ctx.messages` and merge it into the run conversation.
 * Errors escape with pipelinePath/pipelineStep/pipelineNodeType/pipelineNodeName set.
 */
export async function executePipeline(root: Block, ctx: RunContext): Promise<NodeResult> {
  const name = root.name ?? 'pipeline';
  const result = await runNode(root, ctx.messages, ctx, name, {});
  ctx.messages.push(...result.mergeDelta);
  return result;
}

/** Run one node at `path` on a copy of `parent`; exported for composite stages and tests. */
export async function runNode(
  node: PipelineNode,
  parent: readonly Message[],
  ctx: RunContext,
  path: string,
  inheritedMeta: Record<string, unknown>,
): Promise<NodeResult> {
  const name = path.split('/').pop() ?? path;
  try {
    let result: Omit<NodeResult, 'mergeDelta'>;
    if (node.kind === 'chat') result = await runChat(node, parent, ctx, path, name, inheritedMeta);
    else if (node.kind === 'action') result = await runAction(node, ctx, path, name, inheritedMeta);
    else result = await runBlock(node, parent, ctx, path, inheritedMeta);
    return { ...result, mergeDelta: mergeDelta(node, result) };
  } catch (err) {
    const e = attributeError(err, {
      pipelinePath: path,
      pipelineStep: name,
      pipelineNodeType: nodeTypeOf(node),
      pipelineNodeName: name,
    });
    if (!loggedFailures.has(e)) {
      loggedFailures.add(e);
      ctx.logger.log('ERROR', `Step failed: ${e.pipelinePath ?? path} (${e.message})`);
    }
    throw e;
  }
}

function mergeDelta(node: PipelineNode, result: Omit<NodeResult, 'mergeDelta'>): Message[] {
  if (node.merge === 'none') return [];
  if (node.merge === 'all_messages') return result.produced;
  if (result.lastText === null || !result.lastText.trim()) {
    throw new PipelineError('last_response requested but no assistant output exists');
  }
  return [{ role: 'assistant', content: result.lastText }];
}

async function renderPrompt(step: ChatStep, ctx: RunContext, name: string): Promise<string> {
  const raw = typeof step.prompt === 'function' ? await step.prompt(ctx) : step.prompt;
  if (raw === null || raw === undefined) throw new PipelineError(`Step ${name} produced None prompt`);
  if (typeof raw !== 'string') {
    throw new PipelineError(`Step ${name} produced non-string prompt (type=${Array.isArray(raw) ? 'list' : typeof raw})`);
  }
  if (!raw.trim() && !step.allowEmptyPrompt) throw new PipelineError(`Step ${name} produced empty prompt`);
  return raw;
}

async function runChat(
  step: ChatStep,
  parent: readonly Message[],
  ctx: RunContext,
  path: string,
  name: string,
  inherited: Record<string, unknown>,
): Promise<Omit<NodeResult, 'mergeDelta'>> {
  const conversation = copyConversation(parent);
  const prompt = await renderPrompt(step, ctx, name);
  const contextChars = conversation.reduce((sum, m) => sum + codePoints(m.content), 0);
  const promptChars = codePoints(prompt);
  const meta = effectiveMeta(inherited, step.meta, path);
  const { stageId, source, createdAt } = startStep(ctx, 'chat', path, meta, contextChars, promptChars);
  const provider = ctx.textProvider;
  if (!provider) throw new PipelineError(`Step ${name} needs a text provider, but the run has none`);

  const { model: modelParam, ...restParams } = step.params as Record<string, unknown>;
  const perCallModel = typeof modelParam === 'string' && modelParam.trim() ? modelParam.trim() : undefined;
  const userMessage: Message = { role: 'user', content: prompt };
  const maxAttempts = 1 + Math.max(0, Math.floor(ctx.formatRetries));
  const format = typeof step.responseFormat === 'function' ? step.responseFormat(ctx) : step.responseFormat;
  const responses: KernelTextResponse[] = [];
  let response = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const reply = await provider.complete({
      messages: [...copyConversation(conversation), { ...userMessage }],
      temperature: step.temperature,
      ...(perCallModel ? { model: perCallModel } : {}),
      ...(format ? { responseFormat: wireFormat(format) } : {}),
      params: { ...restParams },
      log: (level, message) => ctx.logger.log(level, message),
    });
    responses.push(reply);
    const text: unknown = reply?.text;
    if (text === null || text === undefined) throw new PipelineError(`Step ${name} produced None response`);
    if (typeof text !== 'string') throw new PipelineError(`Step ${name} produced non-string response (type=${typeof text})`);
    if (!text.trim() && !step.allowEmptyResponse) throw new PipelineError(`Step ${name} produced empty response`);
    response = text;
    if (!format) break;
    const reason = checkResponseFormat(format, text, ctx);
    if (reason === null) break;
    ctx.logger.log('WARNING', `Response format check failed for ${path} (attempt ${attempt}/${maxAttempts}): ${reason}`);
    if (attempt === maxAttempts) {
      throw new ResponseFormatError(`Step ${name} response violates format ${format.name}: ${reason}`);
    }
  }

  const effectiveModel = perCallModel ?? provider.defaultModel;
  const params: Record<string, JsonValue> = {
    temperature: step.temperature,
    model: effectiveModel,
    ...(perCallModel && perCallModel !== provider.defaultModel ? { base_model: provider.defaultModel } : {}),
    ...(toJsonSafe(restParams) as Record<string, JsonValue>),
  };
  const latency = responses.reduce((s, r) => s + (Number.isFinite(r.latency_ms) ? r.latency_ms : 0), 0);
  const usage = sumUsage(responses.map((r) => r.usage));
  const record: ChatStepRecord = {
    type: 'chat',
    name,
    path,
    prompt,
    response,
    params,
    prompt_chars: promptChars,
    response_chars: codePoints(response),
    context_chars: contextChars,
    input_chars: contextChars + promptChars,
    context_messages: conversation.length,
    input_messages: conversation.length + 1,
    created_at: createdAt,
    meta: toJsonSafe(meta) as Record<string, JsonValue>,
    provider: responses[responses.length - 1]?.provider ?? provider.name,
    latency_ms: latency,
    usage,
    attempts: responses.reduce((s, r) => s + (Number.isFinite(r.attempts) ? r.attempts : 1), 0),
    ...(format ? { response_format: format.name } : {}),
  };
  ctx.steps.push(record);
  const tokens =
    (usage?.input_tokens != null ? `, input_tokens=${usage.input_tokens}` : '') +
    (usage?.output_tokens != null ? `, output_tokens=${usage.output_tokens}` : '');
  ctx.logger.log(
    'INFO',
    `Received response for ${path} (input_chars=${contextChars + promptChars}, chars=${record.response_chars}, ` +
      `stage_id=${stageId}, source=${source}, duration_ms=${latency}${tokens})`,
  );
  if (step.captureKey) ctx.outputs[step.captureKey] = response;
  return {
    produced: [userMessage, { role: 'assistant', content: response }],
    lastText: response,
    lastOutput: response,
  };
}

async function runAction(
  step: ActionStep,
  ctx: RunContext,
  path: string,
  name: string,
  inherited: Record<string, unknown>,
): Promise<Omit<NodeResult, 'mergeDelta'>> {
  const meta = effectiveMeta(inherited, step.meta, path);
  const { stageId, source, createdAt } = startStep(ctx, 'action', path, meta, 0, 0);
  const started = performance.now();
  const result = await step.fn(ctx);
  if (step.captureKey) ctx.outputs[step.captureKey] = result;
  ctx.steps.push({
    type: 'action',
    name,
    path,
    created_at: createdAt,
    meta: toJsonSafe(meta) as Record<string, JsonValue>,
    ...(result === undefined ? {} : { result: toJsonSafe(result) }),
    latency_ms: Math.round(performance.now() - started),
  });
  ctx.logger.log('INFO', `Completed action ${path} (stage_id=${stageId}, source=${source})`);
  return { produced: [], lastText: typeof result === 'string' ? result : null, lastOutput: result };
}

async function runBlock(
  node: Block,
  parent: readonly Message[],
  ctx: RunContext,
  path: string,
  inherited: Record<string, unknown>,
): Promise<Omit<NodeResult, 'mergeDelta'>> {
  const names = childNames(node);
  const dupes = duplicateNames(names);
  if (dupes.length) throw new PipelineError(`Duplicate node name(s) in block ${path}: ${dupes.join(', ')}`);
  const working = copyConversation(parent);
  const start = working.length;
  const blockMeta = { ...inherited, ...node.meta };
  let lastChildText: string | null = null;
  let lastOutput: unknown = null;
  for (let i = 0; i < node.nodes.length; i++) {
    const child = node.nodes[i]!;
    const result = await runNode(child, working, ctx, joinPath(path, names[i] ?? defaultNodeName(child, i + 1)), blockMeta);
    working.push(...result.mergeDelta);
    if (child.merge !== 'none') {
      lastOutput = result.lastOutput;
      if (result.lastText !== null) lastChildText = result.lastText;
    }
  }
  const produced = working.slice(start);
  const lastAssistant = [...produced].reverse().find((m) => m.role === 'assistant');
  const lastText = lastAssistant ? lastAssistant.content : lastChildText;
  if (node.captureKey) {
    if (lastText === null || !lastText.trim()) {
      throw new PipelineError(`Block ${path} capture_key=${node.captureKey} requested but no assistant output exists`);
    }
    ctx.outputs[node.captureKey] = lastText;
  }
  return { produced, lastText, lastOutput };
}
