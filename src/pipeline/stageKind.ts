/**
 * Stage kinds and the registry (pipeline.md §1, §7.3c, §8), plus the node shapes of §2.8.
 */
import { CompileError } from '../errors.js';
import type { KnobReader } from './knobs.js';
import type { ActionStep, Block, ChatStepSpec, Meta, PipelineNode } from './nodes.js';
import { actionStep, block, chatStep, patchNode } from './nodes.js';
import type { MergeMode } from './types.js';

/** Declared IO (verbatim in `stage_io`): `requires → provides [captures]`. */
export interface StageIO {
  requires?: string[];
  provides?: string[];
  captures?: string[];
}

export interface StageBuildInput<Cfg = unknown, Inputs = unknown> {
  /** The instance id; the returned Block must carry exactly this name. */
  instanceId: string;
  kindId: string;
  /** Strict knob namespace `prompt.stage_configs.resolved.<instanceId>`. */
  knobs: KnobReader;
  /** The app config (AppConfig on the app side). */
  cfg: Cfg;
  /** Plan inputs (categories/profile tables, preferences_guidance, context guidance, draft, …). */
  inputs: Inputs;
}

export interface StageKindDef<Cfg = unknown, Inputs = unknown> {
  /** `<family>.<name>`, e.g. `standard.initial_prompt`. */
  id: string;
  /** One line: the stage's intent (printed by `list-stages`). */
  doc: string;
  /** Free-form origin identifier recorded in meta (default `stages.<id>`). */
  source?: string;
  tags?: string[];
  io?: StageIO;
  /** Build the stage block at compile time (no provider calls). Method syntax keeps it bivariant. */
  build(input: StageBuildInput<Cfg, Inputs>): Block;
}

export interface ResolvedIO {
  requires: string[];
  provides: string[];
  captures: string[];
}

export function stageIO(def: StageKindDef): ResolvedIO {
  return {
    requires: [...(def.io?.requires ?? [])],
    provides: [...(def.io?.provides ?? [])],
    captures: [...(def.io?.captures ?? [])],
  };
}

export function stageSource(def: StageKindDef): string {
  return def.source ?? `stages.${def.id}`;
}

export function stageTags(def: StageKindDef): string[] {
  return [...(def.tags ?? [def.id.split('.')[0]!])];
}

/** All registered stage kinds, in registration order. */
export class StageRegistry {
  private readonly kinds = new Map<string, StageKindDef>();

  register(def: StageKindDef): this {
    if (!def.id || !def.id.includes('.')) throw new Error(`Stage kind id must look like <family>.<name>: '${def.id}'`);
    if (this.kinds.has(def.id)) throw new Error(`Duplicate stage kind id: ${def.id}`);
    this.kinds.set(def.id, def);
    return this;
  }

  registerAll(defs: readonly StageKindDef[]): this {
    for (const def of defs) this.register(def);
    return this;
  }

  has(id: string): boolean {
    return this.kinds.has(id);
  }

  get(id: string): StageKindDef | undefined {
    return this.kinds.get(id);
  }

  /** Ids in registration order. */
  ids(): string[] {
    return [...this.kinds.keys()];
  }

  all(): StageKindDef[] {
    return [...this.kinds.values()];
  }

  /**
   * Build one instance: the block must be named `instanceId`; the registry prefixes its meta
   * with `stage_kind`, `stage_instance`, `doc`, `source`, `tags`.
   */
  buildInstance(kindId: string, input: Omit<StageBuildInput, 'kindId'>): Block {
    const def = this.kinds.get(kindId);
    if (!def) throw new CompileError(`Unknown stage kind: ${kindId}`);
    const built = def.build({ ...input, kindId });
    if (!built || built.kind !== 'block') throw new Error(`Stage builder for ${kindId} did not return a Block`);
    if (built.name !== input.instanceId) {
      throw new Error(`Stage builder returned mismatched Block.name: expected=${input.instanceId} got=${built.name ?? '<none>'}`);
    }
    return patchNode(built, {
      meta: Object.freeze({
        stage_kind: kindId,
        stage_instance: input.instanceId,
        doc: def.doc,
        source: stageSource(def),
        tags: stageTags(def),
        ...built.meta,
      }),
    });
  }
}

// ---- Shapes (pipeline.md §2.8) ----

export interface ChatStageSpec extends Omit<ChatStepSpec, 'name' | 'merge' | 'meta'> {
  instanceId: string;
  /** The stage block's merge (default `last_response`). */
  merge?: MergeMode;
  /** Extra meta for the `draft` step (`role: "primary"` is always set). */
  stepMeta?: Meta;
  /** Extra meta for the stage block. */
  blockMeta?: Meta;
}

/** `Block(<instance>, last_response)[ ChatStep("draft", all_messages, meta{role:"primary"}, captureKey?) ]`. */
export function chatStage(spec: ChatStageSpec): Block {
  const { instanceId, merge, stepMeta, blockMeta, ...step } = spec;
  return block({
    name: instanceId,
    merge: merge ?? 'last_response',
    meta: blockMeta ?? {},
    nodes: [chatStep({ ...step, name: 'draft', merge: 'all_messages', meta: { role: 'primary', ...(stepMeta ?? {}) } })],
  });
}

export interface ActionStageSpec {
  instanceId: string;
  fn: ActionStep['fn'];
  /** The stage block's merge (default `none`). */
  merge?: MergeMode;
  captureKey?: string;
  stepMeta?: Meta;
  blockMeta?: Meta;
}

/** `Block(<instance>, none)[ ActionStep("action", captureKey?) ]`. */
export function actionStage(spec: ActionStageSpec): Block {
  return block({
    name: spec.instanceId,
    merge: spec.merge ?? 'none',
    meta: spec.blockMeta ?? {},
    nodes: [
      actionStep({
        name: 'action',
        fn: spec.fn,
        ...(spec.captureKey ? { captureKey: spec.captureKey } : {}),
        meta: spec.stepMeta ?? {},
      }),
    ],
  });
}

/** `Block(name, all_messages)[ Block("fanout", none)[…], Block("reduce", all_messages)[…] ]`. */
export function fanoutThenReduce(spec: { name: string; fanout: PipelineNode[]; reduce: PipelineNode[]; meta?: Meta }): Block {
  return block({
    name: spec.name,
    merge: 'all_messages',
    meta: spec.meta ?? {},
    nodes: [
      block({ name: 'fanout', merge: 'none', nodes: spec.fanout }),
      block({ name: 'reduce', merge: 'all_messages', nodes: spec.reduce }),
    ],
  });
}

/** `Block(name, all_messages)[ Block("generate", none)[…], Block("select", all_messages)[selector] ]`. */
export function generateThenSelect(spec: { name: string; generate: PipelineNode[]; select: PipelineNode; meta?: Meta }): Block {
  return block({
    name: spec.name,
    merge: 'all_messages',
    meta: spec.meta ?? {},
    nodes: [
      block({ name: 'generate', merge: 'none', nodes: spec.generate }),
      block({ name: 'select', merge: 'all_messages', nodes: [spec.select] }),
    ],
  });
}
