/**
 * The compiler (pipeline.md §7.2–§7.5): resolves selectors, builds stage blocks through the
 * registry with strict knobs, validates IO and capture keys, applies overrides, picks the capture
 * stage and returns `Block("pipeline")` plus the first part of the §7.6 metadata.
 */
import { CompileError } from '../errors.js';
import { mergeStageConfig } from './configMerge.js';
import { KnobReader, configTypeName } from './knobs.js';
import type { Block, ChatStep, PipelineNode } from './nodes.js';
import { block, containsChatStep, patchNode, producesAssistantOutput, walkNodes } from './nodes.js';
import { matchSelector, resolveStageSelector, selectorList, selectorMapping } from './selectors.js';
import { suggestStageIds } from './similarity.js';
import type { StageRegistry } from './stageKind.js';
import { stageIO } from './stageKind.js';
import type { JsonValue } from './types.js';

export interface PlanInstance {
  /** Instance id (the kind id, or a chosen name). */
  id: string;
  kind: string;
}

export interface StageOverride {
  temperature?: number;
  params?: Record<string, unknown>;
}

export interface CompileRequest {
  plan: string;
  instances: PlanInstance[];
  include?: unknown;
  exclude?: unknown;
  overrides?: unknown;
  stageConfigDefaults?: unknown;
  stageConfigInstances?: unknown;
  captureStage?: string | null;
  initialOutputKeys: Iterable<string>;
  registry: StageRegistry;
  cfg: unknown;
  inputs: unknown;
  /** Capture key set on the capture stage (default `image_prompt`). */
  captureKey?: string;
}

/** §7.6 keys produced by the kernel (the app appends requested_plan, refinement_mode, context_*). */
export interface CompileMetadataCore {
  plan: string;
  stages_include: string[];
  stages_exclude: string[];
  capture_stage: string;
  resolved_stages: string[];
  stage_overrides: Record<string, StageOverride>;
  stage_instances: { instance: string; kind: string }[];
  stage_io: Record<string, { requires: string[]; provides: string[]; captures: string[] }>;
  stage_io_effective: Record<
    string,
    { requires: string[]; provides_declared: string[]; captures_declared: string[]; captures_discovered: string[] }
  >;
  stage_configs?: Record<string, { kind: string; defaults_keys: string[]; instance_keys: string[] }>;
  stage_configs_effective?: Record<string, Record<string, JsonValue>>;
}

export interface CompileResult {
  root: Block;
  metadata: CompileMetadataCore;
  /** Stage blocks by instance id (after overrides and capture). */
  stages: Map<string, Block>;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstDuplicate(ids: string[]): string | null {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const id of ids) (seen.has(id) ? dupes : seen).add(id);
  return dupes.size ? [...dupes].sort()[0]! : null;
}

/** Resolve mapping keys to ids; two keys → one id is an error built by `dupMessage`. */
function resolveKeys(
  entries: [string, unknown][],
  resolve: (key: string) => string,
  dupMessage: (a: string, b: string, id: string) => string,
): Map<string, { source: string; value: unknown }> {
  const out = new Map<string, { source: string; value: unknown }>();
  for (const [key, value] of entries) {
    const id = resolve(key);
    const prior = out.get(id);
    if (prior) throw new CompileError(dupMessage(prior.source, key, id));
    out.set(id, { source: key, value });
  }
  return out;
}

function mappingKeys(v: unknown): string[] {
  return isMapping(v) ? Object.keys(v).sort() : [];
}

function checkConfigMapping(value: unknown, path: string): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (!isMapping(value)) throw new CompileError(`${path} must be a mapping (type=${configTypeName(value)})`);
  return value;
}

function primaryDrafts(stage: Block): ChatStep[] {
  const found: ChatStep[] = [];
  walkNodes(stage, (node) => {
    if (node.kind === 'chat' && node.name === 'draft' && node.meta.role === 'primary') found.push(node);
  });
  return found;
}

function replaceNode(root: Block, target: PipelineNode, replacement: PipelineNode): Block {
  return patchNode(root, {
    nodes: Object.freeze(
      root.nodes.map((child) => (child === target ? replacement : child.kind === 'block' ? replaceNode(child, target, replacement) : child)),
    ),
  });
}

export function compilePipeline(req: CompileRequest): CompileResult {
  const { plan, registry } = req;
  const planIds = req.instances.map((i) => i.id);
  const dup = firstDuplicate(planIds);
  if (dup) throw new CompileError(`Duplicate stage id: ${dup}`);
  const kindOf = new Map(req.instances.map((i) => [i.id, i.kind]));

  // §7.3 step 2–3: include / exclude / overrides against plan ids.
  const include = selectorList(req.include, 'prompt.stages.include');
  const exclude = selectorList(req.exclude, 'prompt.stages.exclude');
  const includeIds = new Set(include.map((s) => resolveStageSelector(s, planIds, 'prompt.stages.include', plan)));
  const excludeIds = new Set(exclude.map((s) => resolveStageSelector(s, planIds, 'prompt.stages.exclude', plan)));
  const overrideMap = resolveKeys(
    selectorMapping(req.overrides, 'prompt.stages.overrides'),
    (k) => resolveStageSelector(k, planIds, 'prompt.stages.overrides', plan),
    (a, b, id) => `Duplicate stage override after stage id normalization: ${a} and ${b} both map to ${id}`,
  );
  const kept = planIds.filter((id) => (includeIds.size === 0 || includeIds.has(id)) && !excludeIds.has(id));
  if (!kept.length) {
    throw new CompileError(`Resolved stage list is empty after applying prompt.stages include/exclude (plan=${plan})`);
  }

  // Step 4: stage_configs defaults (against all kinds) and instances (against kept ids).
  const kindIds = registry.ids();
  const defaults = resolveKeys(
    selectorMapping(req.stageConfigDefaults, 'prompt.stage_configs.defaults'),
    (key) => {
      const r = matchSelector(key, kindIds);
      if (r.ok) return r.id;
      const hint = suggestStageIds(key, kindIds, 3);
      throw new CompileError(
        `Unknown stage kind id in prompt.stage_configs.defaults: '${key}'${hint.length ? ` (did you mean: ${hint.join(', ')})` : ''}`,
      );
    },
    (a, b, id) => `Duplicate stage config default after normalization: ${a} and ${b} both map to ${id}`,
  );
  const instanceCfgs = resolveKeys(
    selectorMapping(req.stageConfigInstances, 'prompt.stage_configs.instances'),
    (k) => resolveStageSelector(k, kept, 'prompt.stage_configs.instances', plan),
    (a, b, id) => `Duplicate stage instance config after stage id normalization: ${a} and ${b} both map to ${id}`,
  );

  // Step 5: per stage, in order.
  const provided = new Set(req.initialOutputKeys);
  const stages = new Map<string, Block>();
  const owners = new Map<string, string[]>();
  const metadataIO: CompileMetadataCore['stage_io'] = {};
  const ioEffective: CompileMetadataCore['stage_io_effective'] = {};
  const stageConfigs: NonNullable<CompileMetadataCore['stage_configs']> = {};
  const effective: NonNullable<CompileMetadataCore['stage_configs_effective']> = {};
  for (const id of kept) {
    const kind = kindOf.get(id)!;
    const def = registry.get(kind);
    if (!def) throw new CompileError(`Unknown stage kind: ${kind} (stage=${id})`);
    const io = stageIO(def);
    const missing = io.requires.filter((k) => !provided.has(k));
    if (missing.length) {
      throw new CompileError(
        `Stage IO validation failed: stage=${id} kind=${kind} missing_required_outputs=${missing.join(', ')}`,
      );
    }
    const defaultsCfg = checkConfigMapping(defaults.get(kind)?.value, `prompt.stage_configs.defaults.${defaults.get(kind)?.source ?? kind}`);
    const instanceCfg = checkConfigMapping(instanceCfgs.get(id)?.value, `prompt.stage_configs.instances.${instanceCfgs.get(id)?.source ?? id}`);
    const namespace = `prompt.stage_configs.resolved.${id}`;
    const merged = mergeStageConfig(defaultsCfg ?? {}, instanceCfg ?? {}, `prompt.stage_configs.${id}`) as Record<string, unknown>;
    const knobs = new KnobReader(namespace, merged);
    let built: Block;
    try {
      built = registry.buildInstance(kind, { instanceId: id, knobs, cfg: req.cfg, inputs: req.inputs });
    } catch (err) {
      const inner = err instanceof Error ? err.message : String(err);
      throw new CompileError(`Stage config/build failed: stage=${id} kind=${kind}: ${inner}`, { cause: err });
    }
    knobs.assertConsumed(id);

    const capturePaths = new Map<string, string>();
    walkNodes(
      built,
      (node, path) => {
        if (!node.captureKey) return;
        const prior = capturePaths.get(node.captureKey);
        if (prior) throw new CompileError(`Duplicate capture_key: ${node.captureKey} (at ${prior} and ${path})`);
        capturePaths.set(node.captureKey, path);
      },
      `pipeline/${id}`,
    );
    const discovered = [...capturePaths.keys()].sort();
    for (const key of discovered) owners.set(key, [...(owners.get(key) ?? []), id]);
    for (const key of [...io.provides, ...io.captures, ...discovered]) provided.add(key);

    metadataIO[kind] = { requires: io.requires, provides: io.provides, captures: io.captures };
    ioEffective[id] = {
      requires: io.requires,
      provides_declared: io.provides,
      captures_declared: io.captures,
      captures_discovered: discovered,
    };
    if (defaultsCfg || instanceCfg) {
      stageConfigs[id] = { kind, defaults_keys: mappingKeys(defaultsCfg), instance_keys: mappingKeys(instanceCfg) };
    }
    const eff = knobs.effective();
    if (Object.keys(eff).length) effective[id] = eff;
    stages.set(id, built);
  }

  // Step 6: capture-key collisions across stages.
  const collisions = [...owners.entries()].filter(([, ids]) => ids.length > 1);
  if (collisions.length) {
    throw new CompileError(
      `Capture key collisions across stages: ${collisions.map(([k, ids]) => `${k} (stages: ${ids.join(', ')})`).join('; ')}`,
    );
  }

  // Step 7: overrides of kept stages.
  const stageOverrides: Record<string, StageOverride> = {};
  for (const [id, { source, value }] of overrideMap) {
    if (!stages.has(id)) continue;
    const stage = stages.get(id)!;
    const drafts = primaryDrafts(stage);
    if (drafts.length === 0) {
      throw new CompileError(`prompt.stages.overrides['${source}'] targets non-overridable stage (no primary draft step)`);
    }
    if (drafts.length > 1) throw new CompileError(`Stage override for ${id} is ambiguous; multiple primary draft steps found`);
    const ov = isMapping(value) ? value : {};
    const record: StageOverride = {};
    if (typeof ov.temperature === 'number') record.temperature = ov.temperature;
    if (isMapping(ov.params) && Object.keys(ov.params).length) record.params = { ...ov.params };
    const draft = drafts[0]!;
    const patched = patchNode(draft, {
      ...(record.temperature !== undefined ? { temperature: record.temperature } : {}),
      ...(record.params ? { params: Object.freeze({ ...draft.params, ...record.params }) } : {}),
    });
    stages.set(id, replaceNode(stage, draft, patched));
    stageOverrides[id] = record;
  }

  // Step 8: capture stage (§7.5).
  const captureKey = req.captureKey ?? 'image_prompt';
  let captureId: string;
  if (req.captureStage !== undefined && req.captureStage !== null) {
    captureId = resolveStageSelector(req.captureStage, kept, 'prompt.output.capture_stage', plan);
    const stage = stages.get(captureId)!;
    if (!containsChatStep(stage)) {
      throw new CompileError(`capture_stage='${captureId}' must be chat-producing stage; no ChatStep found`);
    }
    if (!producesAssistantOutput(stage)) {
      throw new CompileError(`capture_stage='${captureId}' must be chat-producing stage; stage produces no assistant output`);
    }
  } else {
    const producing = kept.filter((id) => producesAssistantOutput(stages.get(id)!));
    if (!producing.length) {
      throw new CompileError(
        `Resolved stage list contains no chat-producing stages; cannot infer capture stage (plan=${plan})`,
      );
    }
    captureId = producing[producing.length - 1]!;
  }
  const captureBlock = stages.get(captureId)!;
  if (captureBlock.captureKey && captureBlock.captureKey !== captureKey) {
    throw new CompileError(
      `capture_stage='${captureId}' already has capture_key='${captureBlock.captureKey}'; cannot set '${captureKey}'`,
    );
  }
  stages.set(captureId, patchNode(captureBlock, { captureKey }));

  const root = block({ name: 'pipeline', merge: 'all_messages', nodes: kept.map((id) => stages.get(id)!) });
  const metadata: CompileMetadataCore = {
    plan,
    stages_include: include,
    stages_exclude: exclude,
    capture_stage: captureId,
    resolved_stages: kept,
    stage_overrides: stageOverrides,
    stage_instances: kept.map((id) => ({ instance: id, kind: kindOf.get(id)! })),
    stage_io: metadataIO,
    stage_io_effective: ioEffective,
    ...(Object.keys(stageConfigs).length ? { stage_configs: stageConfigs } : {}),
    ...(Object.keys(effective).length ? { stage_configs_effective: effective } : {}),
  };
  return { root, metadata, stages };
}
