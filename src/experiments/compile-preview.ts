/**
 * Compile preview of one planned run (experiments.md §4.5, §5.2): the prompt pipeline compiled with
 * empty category/profile tables, no provider and no context guidance, summarised per stage.
 */
import type { AppConfig } from '../config/index.js';
import type { Block, ChatStep, PipelineNode, StageRegistry } from '../pipeline/index.js';
import { compileRunPipeline, resolveDraftPrompt, resolvePlan } from '../plans/index.js';
import { defaultStageRegistry } from '../stages/index.js';
import type { JsonObject } from './types.js';

let registry: StageRegistry | null = null;

function sourceOf(node: PipelineNode, stageMeta: JsonObject): string {
  const m = node.meta as JsonObject;
  const s = m['source'] ?? stageMeta['source'];
  return typeof s === 'string' ? s : 'inline';
}

function summarizeFormat(step: ChatStep): unknown {
  const f = step.responseFormat;
  if (f === undefined) return null;
  if (typeof f === 'function') return { dynamic: true };
  return f;
}

function findPrimaryDraft(node: Block): ChatStep | null {
  for (const child of node.nodes) {
    if (child.kind === 'chat' && child.name === 'draft' && (child.meta as JsonObject)['role'] === 'primary') return child;
    if (child.kind === 'block') {
      const inner = findPrimaryDraft(child);
      if (inner) return inner;
    }
  }
  return null;
}

function firstAction(node: Block): { node: PipelineNode & { kind: 'action' } } | null {
  for (const child of node.nodes) {
    if (child.kind === 'action') return { node: child };
    if (child.kind === 'block') {
      const inner = firstAction(child);
      if (inner) return inner;
    }
  }
  return null;
}

function kindOf(stage: Block): string {
  const kinds = new Set<string>();
  const walk = (b: Block): void => {
    for (const c of b.nodes) {
      if (c.kind === 'block') {
        kinds.add('block');
        walk(c);
      } else kinds.add(c.kind);
    }
  };
  walk(stage);
  if (kinds.size === 1 && kinds.has('chat')) return 'chat';
  if (kinds.size === 1 && kinds.has('action')) return 'action';
  return 'composite';
}

/** Stage summary of §5.2. */
export function stageSummary(stage: Block): JsonObject {
  const meta = { ...(stage.meta as JsonObject) };
  const out: JsonObject = {
    stage_id: stage.name ?? null,
    kind: kindOf(stage),
    merge: stage.merge,
    capture_key: stage.captureKey ?? null,
    meta,
  };
  const draft = findPrimaryDraft(stage);
  if (draft) {
    const d: JsonObject = {
      temperature: draft.temperature,
      params: { ...draft.params },
      allow_empty_prompt: draft.allowEmptyPrompt,
      allow_empty_response: draft.allowEmptyResponse,
      capture_key: draft.captureKey ?? null,
    };
    if (typeof draft.prompt === 'string') d['prompt'] = draft.prompt;
    else d['prompt_fn'] = sourceOf(draft, meta);
    d['response_format'] = summarizeFormat(draft);
    out['primary_draft'] = d;
  }
  const action = firstAction(stage);
  if (action) out['action'] = { fn: sourceOf(action.node, meta), capture_key: action.node.captureKey ?? null };
  out['nodes_preview'] = stage.nodes.map((c) => ({ type: c.kind, name: c.name ?? null }));
  return out;
}

export function compilePreview(cfg: AppConfig, seed: number, workspaceRoot: string): JsonObject {
  registry ??= defaultStageRegistry();
  const requested = cfg.prompt.plan;
  const plan = resolvePlan(requested);
  const required = [...(plan.requiredInputs ?? [])];
  let draft: string | null = null;
  let resolutionError: string | null = null;
  try {
    draft = resolveDraftPrompt(cfg, plan);
  } catch (err) {
    resolutionError = (err as Error).message;
  }
  const { root, metadata } = compileRunPipeline(cfg, {
    registry,
    planInputs: { seed, contextGuidance: '', workspaceRoot, draftPrompt: draft },
  });
  const stages = root.nodes.filter((n): n is Block => n.kind === 'block');
  return {
    plan_resolution: {
      requested_plan: requested,
      resolved_plan: plan.name,
      metadata: {
        requires_scoring: plan.requiresScoring ?? false,
        context_injection: plan.contextInjection ?? 'config',
        required_inputs: required,
      },
      effective_context_enabled: metadata.context_enabled,
    },
    inputs: { required, draft_prompt: draft, resolution_error: resolutionError },
    resolved_stages: {
      metadata: {
        plan: metadata.plan,
        stages_include: metadata.stages_include,
        stages_exclude: metadata.stages_exclude,
        capture_stage: metadata.capture_stage,
        resolved_stages: metadata.resolved_stages,
        stage_overrides: metadata.stage_overrides,
      },
      stages: stages.map(stageSummary),
    },
  };
}
