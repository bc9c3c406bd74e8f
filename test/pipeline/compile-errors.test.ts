/**
 * Table-driven: every compile error message of pipeline.md §6.1, §7, §8.2, §9, §10 is produced.
 */
import { describe, expect, it } from 'vitest';
import {
  actionStage,
  actionStep,
  block,
  chatStage,
  chatStep,
  compilePipeline,
  StageRegistry,
  type CompileRequest,
  type StageKindDef,
} from '../../src/pipeline/index.js';
import { CompileError } from '../../src/errors.js';
import { compileRunPipeline } from '../../src/plans/index.js';
import { defaultConfig } from './helpers.js';

const chat = (id: string, extra: Partial<StageKindDef> = {}, captureKey?: string): StageKindDef => ({
  id,
  doc: `doc ${id}`,
  build: ({ instanceId }) => chatStage({ instanceId, prompt: 'p', temperature: 0.5, ...(captureKey ? { captureKey } : {}) }),
  ...extra,
});

function testRegistry(): StageRegistry {
  return new StageRegistry().registerAll([
    chat('t.chat'),
    chat('t.chat2'),
    chat('x.draft'),
    chat('y.draft'),
    chat('t.capa', {}, 'shared'),
    chat('t.capb', {}, 'shared'),
    { id: 't.action', doc: 'a', build: ({ instanceId }) => actionStage({ instanceId, fn: () => 1 }) },
    {
      id: 't.dupcap',
      doc: 'd',
      build: ({ instanceId }) =>
        block({ name: instanceId, nodes: [chatStep({ name: 'a', prompt: 'p', temperature: 0, captureKey: 'k' }), chatStep({ name: 'b', prompt: 'p', temperature: 0, captureKey: 'k' })] }),
    },
    { id: 't.badname', doc: 'b', build: () => block({ name: 'other', nodes: [] }) },
    {
      id: 't.throws',
      doc: 't',
      build: () => {
        throw new Error('boom');
      },
    },
    chat('t.needs', { io: { requires: ['missing_a', 'missing_b'] } }),
    {
      id: 't.twodrafts',
      doc: 'two',
      build: ({ instanceId }) =>
        block({
          name: instanceId,
          merge: 'last_response',
          nodes: [
            block({ name: 'one', nodes: [chatStep({ name: 'draft', prompt: 'p', temperature: 0, meta: { role: 'primary' } })] }),
            block({ name: 'two', nodes: [chatStep({ name: 'draft', prompt: 'p', temperature: 0, meta: { role: 'primary' } })] }),
          ],
        }),
    },
    {
      id: 't.precap',
      doc: 'p',
      build: ({ instanceId }) => block({ name: instanceId, merge: 'last_response', captureKey: 'other', nodes: [chatStep({ prompt: 'p', temperature: 0 })] }),
    },
    {
      id: 't.silentchat',
      doc: 's',
      build: ({ instanceId }) => block({ name: instanceId, merge: 'none', nodes: [chatStep({ prompt: 'p', temperature: 0, merge: 'none' })] }),
    },
    {
      id: 't.knob',
      doc: 'k',
      build: ({ instanceId, knobs }) => {
        knobs.int('count', { default: 1, min: 1 });
        return chatStage({ instanceId, prompt: 'p', temperature: 0 });
      },
    },
    {
      id: 't.actblock',
      doc: 'a',
      build: ({ instanceId }) => block({ name: instanceId, nodes: [actionStep({ name: 'action', fn: () => 1, merge: 'all_messages' })] }),
    },
  ]);
}

function req(stages: string[], extra: Partial<CompileRequest> = {}): CompileRequest {
  return {
    plan: 'p1',
    instances: stages.map((s) => (s.includes('=') ? { id: s.split('=')[0]!, kind: s.split('=')[1]! } : { id: s, kind: s })),
    initialOutputKeys: [],
    registry: testRegistry(),
    cfg: null,
    inputs: null,
    ...extra,
  };
}

const kernelCases: [string, CompileRequest, string][] = [
  ['duplicate stage id', req(['t.chat', 't.chat2', 't.chat']), 'Duplicate stage id: t.chat'],
  ['include non-string', req(['t.chat'], { include: [1] }), 'prompt.stages.include must contain only strings'],
  ['exclude empty string', req(['t.chat'], { exclude: [' '] }), 'prompt.stages.exclude must not contain empty strings'],
  ['override key empty', req(['t.chat'], { overrides: { ' ': {} } }), 'prompt.stages.overrides keys must be non-empty strings'],
  ['override key non-string', req(['t.chat'], { overrides: new Map([[1, {}]]) }), 'prompt.stages.overrides keys must be strings'],
  ['unknown dotted selector', req(['t.chat', 't.chat2'], { include: ['t.nope'] }), 'Unknown stage id in prompt.stages.include: t.nope (plan=p1, available=t.chat, t.chat2)'],
  ['unknown suffix selector', req(['t.chat'], { exclude: ['zzz'] }), 'Unknown stage id in prompt.stages.exclude: zzz (plan=p1, available=t.chat)'],
  ['ambiguous selector', req(['x.draft', 'y.draft'], { include: ['draft'] }), 'Ambiguous stage id in prompt.stages.include: draft (matches: x.draft, y.draft)'],
  ['empty after include/exclude', req(['t.chat'], { exclude: ['chat'] }), 'Resolved stage list is empty after applying prompt.stages include/exclude (plan=p1)'],
  ['duplicate override', req(['t.chat'], { overrides: { chat: {}, 't.chat': {} } }), 'Duplicate stage override after stage id normalization: chat and t.chat both map to t.chat'],
  ['unknown defaults kind with hint', req(['t.chat'], { stageConfigDefaults: { chatt: {} } }), "Unknown stage kind id in prompt.stage_configs.defaults: 'chatt' (did you mean: t.chat, t.chat2)"],
  ['unknown defaults kind without hint', req(['t.chat'], { stageConfigDefaults: { qqqqqqqq: {} } }), "Unknown stage kind id in prompt.stage_configs.defaults: 'qqqqqqqq'"],
  ['duplicate defaults', req(['t.knob'], { stageConfigDefaults: { knob: {}, 't.knob': {} } }), 'Duplicate stage config default after normalization: knob and t.knob both map to t.knob'],
  ['duplicate instance config', req(['t.knob'], { stageConfigInstances: { knob: {}, 't.knob': {} } }), 'Duplicate stage instance config after stage id normalization: knob and t.knob both map to t.knob'],
  ['instance config of an excluded stage', req(['t.knob', 't.chat'], { exclude: ['t.knob'], stageConfigInstances: { 't.knob': {} } }), 'Unknown stage id in prompt.stage_configs.instances: t.knob (plan=p1, available=t.chat)'],
  ['IO validation', req(['t.needs']), 'Stage IO validation failed: stage=t.needs kind=t.needs missing_required_outputs=missing_a, missing_b'],
  ['mismatched block name', req(['t.badname']), 'Stage config/build failed: stage=t.badname kind=t.badname: Stage builder returned mismatched Block.name: expected=t.badname got=other'],
  ['builder error', req(['t.throws']), 'Stage config/build failed: stage=t.throws kind=t.throws: boom'],
  ['getter error (wrapped)', req(['t.knob'], { stageConfigDefaults: { 't.knob': { count: 0 } } }), 'Stage config/build failed: stage=t.knob kind=t.knob: prompt.stage_configs.resolved.t.knob.count must be >= 1 (got 0)'],
  ['unknown knob', req(['t.knob'], { stageConfigInstances: { knob: { count: 2, typo: 1 } } }), 'Unknown config keys under prompt.stage_configs.resolved.t.knob: typo (stage: t.knob; consumed: count)'],
  ['knob merge type clash', req(['t.knob'], { stageConfigDefaults: { 't.knob': { count: { a: 1 } } }, stageConfigInstances: { 't.knob': { count: 2 } } }), 'Invalid stage config merge at prompt.stage_configs.t.knob.count: base is mapping but overlay is integer'],
  ['duplicate capture key in a stage', req(['t.dupcap']), 'Duplicate capture_key: k (at pipeline/t.dupcap/a and pipeline/t.dupcap/b)'],
  ['capture collisions', req(['t.capa', 't.capb']), 'Capture key collisions across stages: shared (stages: t.capa, t.capb)'],
  ['non-overridable', req(['t.action', 't.chat'], { overrides: { action: { temperature: 1 } } }), "prompt.stages.overrides['action'] targets non-overridable stage (no primary draft step)"],
  ['ambiguous override', req(['t.twodrafts'], { overrides: { twodrafts: { temperature: 1 } } }), 'Stage override for t.twodrafts is ambiguous; multiple primary draft steps found'],
  ['no chat-producing stage', req(['t.action', 't.silentchat']), 'Resolved stage list contains no chat-producing stages; cannot infer capture stage (plan=p1)'],
  ['capture stage without ChatStep', req(['t.actblock', 't.chat'], { captureStage: 'actblock' }), "capture_stage='t.actblock' must be chat-producing stage; no ChatStep found"],
  ['capture stage without output', req(['t.silentchat', 't.chat'], { captureStage: 't.silentchat' }), "capture_stage='t.silentchat' must be chat-producing stage; stage produces no assistant output"],
  ['capture stage already captures', req(['t.precap']), "capture_stage='t.precap' already has capture_key='other'; cannot set 'image_prompt'"],
  ['unknown capture stage', req(['t.chat'], { captureStage: 'nope' }), 'Unknown stage id in prompt.output.capture_stage: nope (plan=p1, available=t.chat)'],
];

describe('kernel compile errors', () => {
  it.each(kernelCases)('%s', (_name, request, message) => {
    let caught: unknown;
    try {
      compilePipeline(request);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CompileError);
    expect((caught as Error).message).toBe(message);
  });
});

type Mut = (d: Record<string, any>) => void;
const plan = (name: string, more?: Mut): Mut => (d) => {
  d.prompt.plan = name;
  more?.(d);
};
const appCases: [string, Mut, string][] = [
  ['auto plan', plan('auto'), 'prompt.plan=auto is no longer supported; choose an explicit plan name'],
  ['unknown plan', plan('nosuch'), 'Unknown prompt plan: nosuch (available: '],
  ['draft missing', plan('refine_only'), 'prompt.plan=refine_only requires prompt.refine_only.draft or draft_path'],
  ['custom without sequence', plan('custom'), 'prompt.plan=custom requires prompt.stages.sequence'],
  ['sequence item invalid', plan('custom', (d) => (d.prompt.stages.sequence = ['standard.initial_promt'])), "prompt.stages.sequence[0]='standard.initial_promt' is invalid (did you mean: standard.initial_prompt"],
  ['sequence mapping invalid', plan('custom', (d) => (d.prompt.stages.sequence = ['select_concepts', { stage: 'scene_draftt', name: 'n' }])), "prompt.stages.sequence[1].stage='scene_draftt' is invalid (did you mean: ab.scene_draft"],
  ['critic duplicates', plan('standard', (d) => (d.prompt.stage_configs.instances = { tot_enclave: { critics: ['munch', 'munch'] } })), 'Stage config/build failed: stage=refine.tot_enclave kind=refine.tot_enclave: Duplicate critic id(s) for refine.tot_enclave: munch'],
  ['critic invalid', plan('standard', (d) => (d.prompt.stage_configs.instances = { tot_enclave: { critics: ['munch', 'picasso'] } })), 'Invalid critic id(s) for refine.tot_enclave: picasso (allowed: chameleon, da_vinci, hemingway, munch, representative)'],
  ['fixed concepts empty', plan('simple', (d) => (d.prompt.stage_configs.defaults['preprompt.select_concepts'] = { strategy: 'fixed' })), 'prompt.stage_configs.resolved.preprompt.select_concepts.fixed cannot be empty'],
  ['filter order invalid', plan('simple', (d) => (d.prompt.stage_configs.instances = { filter_concepts: { order: ['nope'] } })), "prompt.stage_configs.resolved.preprompt.filter_concepts.order[0] must be one of: dislike_rewrite (got 'nope')"],
];

describe('app compile errors', () => {
  it.each(appCases)('%s', (_name, mutate, message) => {
    const cfg = defaultConfig(mutate);
    expect(() => compileRunPipeline(cfg)).toThrow(message);
  });

  it('a plan with context_injection enabled needs context.enabled=true', () => {
    const cfg = defaultConfig((d) => {
      d.prompt.plan = 'forced';
      d.context.enabled = false;
    });
    const catalog = [{ name: 'forced', intent: 'x', stages: ['standard.initial_prompt_freeform'], contextInjection: 'enabled' as const }];
    expect(() => compileRunPipeline(cfg, { catalog })).toThrow('Plan forced requires context.enabled=true');
  });

  it('an empty concept file and a missing draft file are build errors naming the file', async () => {
    const fs = await import('node:fs');
    const { tempDir } = await import('./helpers.js');
    const dir = tempDir();
    const file = `${dir}/concepts.txt`;
    fs.writeFileSync(file, '\n  \n');
    const cfg = defaultConfig(plan('simple', (d) => (d.prompt.stage_configs.defaults['preprompt.select_concepts'] = { strategy: 'file', file_path: file })));
    expect(() => compileRunPipeline(cfg)).toThrow(`Concept selection file produced no concepts: ${file}`);
    const cfg2 = defaultConfig(plan('refine_only'));
    const withPath = { ...cfg2, prompt: { ...cfg2.prompt, refine_only: { draft: null, draft_path: `${dir}/none.txt` } } };
    expect(() => compileRunPipeline(withPath)).toThrow(`prompt.refine_only.draft_path not found: ${dir}/none.txt`);
    expect(() => compileRunPipeline(cfg2, { planInputs: { draftPrompt: null } })).toThrow(
      'stage refine.image_prompt_refine requires inputs.draft_prompt (prompt.plan=refine_only)',
    );
  });
});
