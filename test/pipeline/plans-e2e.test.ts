import { describe, expect, it } from 'vitest';
import { abRandomToken } from '../../src/stages/ab/index.js';
import { defaultConfig, ScriptedProvider } from './helpers.js';
import { runPlan } from './runPlan.js';
import type { AppConfig } from '../../src/config/index.js';

const PLANS = ['standard', 'baseline', 'simple', 'simple_no_concepts', 'direct', 'refine_only', 'profile_only', 'profile_only_simple'];

function planCfg(plan: string, seed = 123, more?: (d: Record<string, any>) => void): AppConfig {
  return defaultConfig((d) => {
    d.prompt.plan = plan;
    d.prompt.random_seed = seed;
    d.context.date = '2026-12-20';
    if (plan === 'refine_only') d.prompt.refine_only = { draft: 'A lighthouse keeper repairs a lamp at dusk, gouache.' };
    more?.(d);
  });
}

describe('every plan runs end to end through the offline provider', () => {
  it.each(PLANS)('%s', async (plan) => {
    const { ctx, metadata } = await runPlan(planCfg(plan));
    expect(typeof ctx.outputs.image_prompt).toBe('string');
    expect((ctx.outputs.image_prompt as string).trim().length).toBeGreaterThan(0);
    expect(metadata.plan).toBe(plan);
    expect(metadata.context_injection).toBe(plan.startsWith('profile_only') ? 'disabled' : 'config');
  });

  it('custom plan with named instances and the ab stages', async () => {
    const cfg = planCfg('custom', 7, (d) => {
      d.prompt.stages.sequence = ['random_token', 'scene_draft', 'scene_refine_with_block', { stage: 'ab.scene_spec_json', name: 'spec' }, 'final_prompt_format_from_scenespec'];
      d.prompt.stages.include = [];
    });
    const { ctx, metadata } = await runPlan(cfg);
    expect(metadata.resolved_stages).toEqual(['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'spec', 'ab.final_prompt_format_from_scenespec']);
    expect(metadata.stage_instances[3]).toEqual({ instance: 'spec', kind: 'ab.scene_spec_json' });
    const token = abRandomToken(7);
    expect(ctx.outputs.ab_random_token).toBe(token);
    expect(ctx.outputs.image_prompt).toContain(`TEXT_IN_SCENE="${token}" | AR=16:9`);
    expect(JSON.parse(ctx.outputs.ab_scene_spec_json as string).text_in_scene).toBe(token);
  });

  it('standard makes 6 + 9 chat calls (+1 direct filter call) and the enclave paths of §9', async () => {
    const provider = new ScriptedProvider([(req) => (req.responseFormat ? '{"concepts":["a","b","c"]}' : 'An answer.')]);
    const { ctx, metadata } = await runPlan(planCfg('standard'), provider);
    expect(provider.requests).toHaveLength(16);
    expect(ctx.steps.filter((s) => s.type === 'chat')).toHaveLength(15);
    expect(metadata.capture_stage).toBe('refine.tot_enclave');
    expect(ctx.steps.map((s) => s.path)).toContain('pipeline/refine.tot_enclave/tot_enclave/reduce/consensus/select/final_consensus');
    expect(ctx.steps.map((s) => s.path)).toContain('pipeline/refine.tot_enclave/tot_enclave/fanout/representative');
    expect(Object.keys(ctx.outputs).filter((k) => k.startsWith('enclave.refine.tot_enclave.'))).toHaveLength(8);
  });
});

describe('the built-in default config compiles every listed plan (config.md §8)', () => {
  it('all plans but the draft plans and custom compile; draft plans compile with a draft', async () => {
    const { PLAN_CATALOG, compileRunPipeline } = await import('../../src/plans/index.js');
    const cfg = defaultConfig();
    for (const plan of PLAN_CATALOG) {
      if (plan.name === 'custom') continue;
      const needsDraft = plan.requiredInputs?.includes('draft_prompt') ?? false;
      const { metadata } = compileRunPipeline(cfg, { plan: plan.name, ...(needsDraft ? { planInputs: { draftPrompt: 'a draft' } } : {}) });
      expect(metadata.resolved_stages.length).toBeGreaterThan(0);
      if (needsDraft) expect(() => compileRunPipeline(cfg, { plan: plan.name })).toThrow(`prompt.plan=${plan.name} requires prompt.refine_only.draft or draft_path`);
    }
  });
});

describe('determinism for one seed', () => {
  it('same seed and date → same concepts, holiday roll, prompts and outputs; another seed differs', async () => {
    const a = await runPlan(planCfg('direct', 555));
    const b = await runPlan(planCfg('direct', 555));
    const c = await runPlan(planCfg('direct', 556));
    expect(b.ctx.selected_concepts).toEqual(a.ctx.selected_concepts);
    expect(b.ctx.outputs.context).toEqual(a.ctx.outputs.context);
    expect((a.ctx.outputs.context as Record<string, { roll?: number }>).holiday!.roll).toBeTypeOf('number');
    expect(b.ctx.outputs.image_prompt).toBe(a.ctx.outputs.image_prompt);
    const strip = (steps: typeof a.ctx.steps) => steps.map((s) => ({ ...s, created_at: '', latency_ms: 0 }));
    expect(strip(b.ctx.steps)).toEqual(strip(a.ctx.steps));
    expect(c.ctx.outputs.context).not.toEqual(a.ctx.outputs.context);
  });
});
