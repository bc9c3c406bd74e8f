import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/index.js';
import { compileRunPipeline } from '../../src/plans/index.js';
import { checkFinalPromptLine } from '../../src/stages/ab/lineTemplate.js';
import { abRandomToken } from '../../src/stages/ab/index.js';
import { createRunContext, executePipeline, stream } from '../../src/pipeline/index.js';
import { defaultConfig, ScriptedProvider, tempDir, type Reply } from './helpers.js';
import { runPlan } from './runPlan.js';

function custom(sequence: unknown[], more?: (d: Record<string, any>) => void): AppConfig {
  return defaultConfig((d) => {
    d.prompt.plan = 'custom';
    d.prompt.random_seed = 9;
    d.context.date = '2026-06-10';
    d.prompt.stages.sequence = sequence;
    more?.(d);
  });
}

const lastUser = (p: ScriptedProvider, i: number) => p.requests[i]!.messages[p.requests[i]!.messages.length - 1]!.content;

describe('preprompt.select_concepts', () => {
  it('fixed and file strategies; log line and result', async () => {
    const fixed = await runPlan(custom(['select_concepts', 'standard.initial_prompt'], (d) => (d.prompt.stage_configs.defaults['preprompt.select_concepts'] = { strategy: 'fixed', fixed: ['owl', 'moon'] })), new ScriptedProvider(['x']));
    expect(fixed.ctx.selected_concepts).toEqual(['owl', 'moon']);
    expect(fixed.lines).toContain('INFO Selected concepts: strategy=fixed count=2');
    const rec = fixed.ctx.steps[0]!;
    expect(rec.type === 'action' && rec.result).toEqual({ strategy: 'fixed', file_path: null, selected_concepts: ['owl', 'moon'] });
    const dir = tempDir();
    const file = path.join(dir, 'c.txt');
    fs.writeFileSync(file, ' kite \n\nharbour\n');
    const fromFile = await runPlan(custom(['select_concepts', 'standard.initial_prompt'], (d) => (d.prompt.stage_configs.instances = { select_concepts: { strategy: 'file', file_path: file } })), new ScriptedProvider(['x']));
    expect(fromFile.ctx.outputs.selected_concepts).toEqual(['kite', 'harbour']);
  });

  it('random concepts use stream concepts:<instance id>', async () => {
    const a = await runPlan(custom(['select_concepts', { stage: 'select_concepts', name: 'second' }, 'standard.initial_prompt']), new ScriptedProvider(['x']));
    const first = a.ctx.steps[0]!;
    const second = a.ctx.steps[1]!;
    expect(first.type === 'action' && second.type === 'action').toBe(true);
    const c1 = (first as { result: { selected_concepts: string[] } }).result.selected_concepts;
    const c2 = (second as { result: { selected_concepts: string[] } }).result.selected_concepts;
    expect(c1).toHaveLength(3);
    expect(c2).not.toEqual(c1);
    expect(stream(9, 'concepts:second').random()).not.toBe(stream(9, 'concepts:preprompt.select_concepts').random());
  });
});

describe('preprompt.filter_concepts', () => {
  const seq = ['select_concepts', 'filter_concepts', 'standard.initial_prompt'];
  const cfg = (filter: Record<string, unknown>) =>
    custom(seq, (d) => {
      d.prompt.stage_configs.defaults['preprompt.select_concepts'] = { strategy: 'fixed', fixed: ['gore feast', 'calm lake', 'neon alley'] };
      d.prompt.stage_configs.defaults['preprompt.filter_concepts'] = filter;
    });
  const run = (filter: Record<string, unknown>, replies: Reply[]) => runPlan(cfg(filter), new ScriptedProvider(replies));

  it('rewrites with a direct call of its own two messages', async () => {
    const provider = new ScriptedProvider(['{"concepts":["harvest feast","calm lake","lantern alley"]}', 'themes']);
    const { ctx, lines } = await runPlan(cfg({ enabled: true }), provider);
    expect(provider.requests[0]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(provider.requests[0]!.messages[1]!.content).toContain('["gore feast","calm lake","neon alley"]');
    expect(provider.requests[0]!.temperature).toBe(0.25);
    expect(ctx.selected_concepts).toEqual(['harvest feast', 'calm lake', 'lantern alley']);
    expect(lines).toContain("INFO Concept filter dislike_rewrite: input=['gore feast', 'calm lake', 'neon alley'] output=['harvest feast', 'calm lake', 'lantern alley']");
    const log = ctx.outputs.concept_filter_log as Record<string, unknown>;
    expect(Object.keys(log)).toEqual(['enabled', 'order', 'applied', 'skipped', 'input', 'output', 'filters']);
    expect(log.applied).toEqual(['dislike_rewrite']);
    expect(lastUser(provider, 1)).toContain('- harvest feast');
  });

  it('keeps the input on a count mismatch or an unparsable answer', async () => {
    const mismatch = await run({ enabled: true }, ['["one","two"]', '["one","two"]', '["one","two"]', 'themes']);
    expect(mismatch.ctx.selected_concepts).toEqual(['gore feast', 'calm lake', 'neon alley']);
    expect(mismatch.lines).toContain('WARNING Concept filter dislike_rewrite error: Rewritten concept count mismatch (expected=3 got=2); kept original concepts');
    const junk = await run({ enabled: true }, ['no json here', 'no json', 'still none', 'themes']);
    expect((junk.ctx.outputs.concept_filter_log as { filters: { error: string }[] }).filters[0]!.error).toBe('Failed to parse JSON array; kept original concepts');
  });

  it('disabled filter / disabled stage are skipped', async () => {
    const off = await run({ enabled: false }, ['themes']);
    expect((off.ctx.outputs.concept_filter_log as { skipped: unknown[] }).skipped).toEqual([{ name: '<all>', reason: 'disabled' }]);
    const sub = await run({ enabled: true, dislike_rewrite: { enabled: false } }, ['themes']);
    expect((sub.ctx.outputs.concept_filter_log as { skipped: unknown[] }).skipped).toEqual([{ name: 'dislike_rewrite', reason: 'disabled' }]);
  });
});

describe('standard and direct', () => {
  it('initial_prompt names the audience, carries preferences, concepts and the context slot', async () => {
    const cfg = custom(['select_concepts', 'initial_prompt'], (d) => {
      d.prompt.audience = { name: 'the collector', description: 'likes maritime themes' };
      d.context.injection_location = 'both';
      d.context.date = '2026-12-24';
    });
    const provider = new ScriptedProvider(['themes']);
    await runPlan(cfg, provider);
    const prompt = lastUser(provider, 0);
    expect(prompt).toContain('made for the collector');
    expect(prompt).toContain('About the audience: likes maritime themes');
    expect(prompt).toContain('Preference interpretation rules:');
    expect(prompt).toContain('Context guidance (optional):\n- It is winter');
    expect(provider.requests[0]!.messages[0]!.content).toContain('Context guidance (optional)');
  });

  it('stages that need concepts fail clearly without them (compile-time IO check, run-time guard)', async () => {
    await expect(runPlan(custom(['standard.initial_prompt']), new ScriptedProvider(['x']))).rejects.toThrow(
      'Stage IO validation failed: stage=standard.initial_prompt kind=standard.initial_prompt missing_required_outputs=selected_concepts',
    );
    for (const kind of ['standard.initial_prompt', 'direct.image_prompt_creation']) {
      const { root } = compileRunPipeline(custom([kind]), { initialOutputKeys: ['selected_concepts'] });
      const ctx = createRunContext({ seed: 1, textProvider: new ScriptedProvider(['x']) });
      await expect(executePipeline(root, ctx)).rejects.toThrow(
        `${kind} requires selected concepts; run preprompt.select_concepts first (or include it in the plan).`,
      );
    }
  });

  it('image_prompt_creation uses the configured image size', async () => {
    const provider = new ScriptedProvider(['x']);
    await runPlan(custom(['initial_prompt_freeform', 'standard.image_prompt_creation'], (d) => (d.providers.image.size = '1024x1024')), provider);
    expect(lastUser(provider, 1)).toContain('1024x1024');
  });
});

describe('overrides, include/exclude, capture', () => {
  it('overrides patch the primary draft and are recorded', async () => {
    const cfg = defaultConfig((d) => {
      d.prompt.plan = 'simple';
      d.prompt.stages.overrides = { initial_prompt: { temperature: 0.1, params: { model: 'm2' } } };
      d.prompt.stages.exclude = ['filter_concepts'];
      d.prompt.random_seed = 1;
    });
    const provider = new ScriptedProvider(['x']);
    const { metadata, ctx } = await runPlan(cfg, provider);
    expect(metadata.stage_overrides).toEqual({ 'standard.initial_prompt': { temperature: 0.1, params: { model: 'm2' } } });
    expect(provider.requests[0]!.temperature).toBe(0.1);
    expect(provider.requests[0]!.model).toBe('m2');
    expect(metadata.resolved_stages).toEqual(['preprompt.select_concepts', 'standard.initial_prompt', 'standard.image_prompt_creation']);
    expect(metadata.stages_exclude).toEqual(['filter_concepts']);
    expect(ctx.steps[1]!.type === 'chat' && ctx.steps[1]!.params).toEqual({ temperature: 0.1, model: 'm2', base_model: 'scripted-model' });
  });

  it('standard without the enclave captures standard.image_prompt_creation; metadata key order', () => {
    const cfg = defaultConfig((d) => {
      d.prompt.plan = 'standard';
      d.prompt.stages.exclude = ['refine.tot_enclave'];
    });
    const { metadata } = compileRunPipeline(cfg);
    expect(metadata.capture_stage).toBe('standard.image_prompt_creation');
    expect(Object.keys(metadata)).toEqual([
      'plan', 'stages_include', 'stages_exclude', 'capture_stage', 'resolved_stages', 'stage_overrides', 'stage_instances',
      'stage_io', 'stage_io_effective', 'stage_configs', 'stage_configs_effective', 'requested_plan', 'refinement_mode',
      'context_injection', 'context_injection_location', 'context_enabled',
    ]);
    expect(metadata.stage_io['preprompt.filter_concepts']).toEqual({ requires: ['selected_concepts'], provides: ['selected_concepts', 'concept_filter_log'], captures: [] });
    expect(metadata.stage_configs).toEqual({
      'preprompt.select_concepts': { kind: 'preprompt.select_concepts', defaults_keys: ['strategy'], instance_keys: [] },
      'preprompt.filter_concepts': { kind: 'preprompt.filter_concepts', defaults_keys: ['enabled'], instance_keys: [] },
    });
  });
});

describe('refine.tot_enclave', () => {
  it('consensus style makes critics + 1 calls; max_critics cuts the list and is recorded', async () => {
    const cfg = custom(['initial_prompt_freeform', 'tot_enclave'], (d) => {
      d.prompt.stage_configs.instances = { tot_enclave: { critics: ['munch', 'representative', 'chameleon'], max_critics: 2, reduce_style: 'consensus', capture_prefix: 'tt' } };
    });
    const provider = new ScriptedProvider([(_r, i) => `answer ${i}`]);
    const { ctx, metadata } = await runPlan(cfg, provider);
    expect(provider.requests).toHaveLength(1 + 2 + 1);
    expect(metadata.stage_configs_effective!['refine.tot_enclave']).toEqual({ critics: ['munch', 'representative', 'chameleon'], max_critics: 2, reduce_style: 'consensus', capture_prefix: 'tt' });
    expect(ctx.outputs['enclave.tt.munch']).toBe('answer 1');
    const critic = lastUser(provider, 2);
    expect(critic).toContain('You are Representative.');
    expect(critic).toContain('## Issues');
    const consensus = lastUser(provider, 3);
    expect(consensus).toContain('## Munch\nanswer 1\n\n## Representative\nanswer 2');
    // critics see the accumulated conversation whose last assistant message is the text refined
    expect(provider.requests[1]!.messages.at(-2)).toEqual({ role: 'assistant', content: 'answer 0' });
    expect(ctx.outputs.image_prompt).toBe('answer 3');
  });
});

describe('postprompt', () => {
  const seq = ['select_concepts', 'direct.image_prompt_creation', 'profile_nudge', 'openai_format'];
  it('openai_format keeps the draft when the nudge drops a "no people" exclusion', async () => {
    const provider = new ScriptedProvider(['A quiet pier, no people, dawn.', 'A quiet pier at dawn with a fisherman.', 'final']);
    await runPlan(custom(seq), provider);
    expect(lastUser(provider, 2)).toContain('Draft:\nA quiet pier, no people, dawn.');
    expect(lastUser(provider, 1)).toContain('Prompt to revise:\nA quiet pier, no people, dawn.');
    const ok = new ScriptedProvider(['A quiet pier at dawn.', 'A quiet pier at dawn, soft light.', 'final']);
    const { ctx } = await runPlan(custom(seq), ok);
    expect(lastUser(ok, 2)).toContain('Draft:\nA quiet pier at dawn, soft light.');
    expect(ctx.outputs['postprompt.nudged_prompt']).toBe('A quiet pier at dawn, soft light.');
    expect(lastUser(ok, 2)).toContain('Stay under 1500 characters.');
    const unlimited = new ScriptedProvider(['A pier.', 'A pier, soft.', 'final']);
    await runPlan(custom(seq, (d) => (d.prompt.stage_configs.instances = { openai_format: { max_prompt_chars: null } })), unlimited);
    expect(lastUser(unlimited, 2)).toContain('Stay under 3500 characters.');
  });

  it('profile_nudge needs a profile and a draft', async () => {
    await expect(runPlan(custom(['profile_nudge', 'openai_format']), new ScriptedProvider(['x']))).rejects.toThrow(
      'postprompt.profile_nudge could not resolve a draft image prompt',
    );
    const empty = tempDir();
    const profile = path.join(empty, 'p.csv');
    fs.writeFileSync(profile, 'Likes,Dislikes\n');
    await expect(runPlan(custom(seq, (d) => (d.prompt.profile_path = profile)), new ScriptedProvider(['x']))).rejects.toThrow('preferences_guidance cannot be empty');
  });
});

describe('ab', () => {
  it('token follows RV-<seed>-<int(100000, 999999)> on ab_token:<instance>', () => {
    expect(abRandomToken(123)).toBe(`RV-123-${stream(123, 'ab_token:ab.random_token').int(100000, 999999)}`);
    expect(abRandomToken(123, 'tok2')).toBe(`RV-123-${stream(123, 'ab_token:tok2').int(100000, 999999)}`);
  });

  it.each([
    ['ok', 'SUBJECT=a | SETTING=b | ACTION=c | COMPOSITION=d | CAMERA=e | LIGHTING=f | COLOR=g | STYLE=h | TEXT_IN_SCENE="RV-1-2" | AR=16:9', null],
    ['two lines', 'SUBJECT=a\nSETTING=b', 'expected exactly one line'],
    ['segments', 'SUBJECT=a | SETTING=b', "expected 10 segments separated by ' | ' (got 2)"],
    ['order', 'SETTING=a | SUBJECT=b | ACTION=c | COMPOSITION=d | CAMERA=e | LIGHTING=f | COLOR=g | STYLE=h | TEXT_IN_SCENE="RV-1-2" | AR=16:9', "segment 1 must be SUBJECT=<value> (got 'SETTING=a')"],
    ['empty', 'SUBJECT= | SETTING=b | ACTION=c | COMPOSITION=d | CAMERA=e | LIGHTING=f | COLOR=g | STYLE=h | TEXT_IN_SCENE="RV-1-2" | AR=16:9', 'SUBJECT has an empty value'],
    ['placeholder', 'SUBJECT=<subject> | SETTING=b | ACTION=c | COMPOSITION=d | CAMERA=e | LIGHTING=f | COLOR=g | STYLE=h | TEXT_IN_SCENE="RV-1-2" | AR=16:9', 'SUBJECT contains a placeholder'],
    ['token', 'SUBJECT=a | SETTING=b | ACTION=c | COMPOSITION=d | CAMERA=e | LIGHTING=f | COLOR=g | STYLE=h | TEXT_IN_SCENE=RV-1-2 | AR=16:9', 'TEXT_IN_SCENE must be "RV-1-2" in double quotes (got RV-1-2)'],
    ['ar', 'SUBJECT=a | SETTING=b | ACTION=c | COMPOSITION=d | CAMERA=e | LIGHTING=f | COLOR=g | STYLE=h | TEXT_IN_SCENE="RV-1-2" | AR=4:3', 'AR must be 16:9 (got 4:3)'],
  ])('line template check: %s', (_n, line, reason) => {
    expect(checkFinalPromptLine(line, 'RV-1-2')).toBe(reason);
  });

  it('missing inputs name the output key', async () => {
    const cfg = custom(['random_token', 'final_prompt_format']);
    await expect(runPlan(cfg, new ScriptedProvider(['x']))).rejects.toThrow('Missing required output: ab_scene_refined');
  });
});
