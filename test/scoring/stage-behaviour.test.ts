import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configWith, runPlan, samplePath, tempDir } from './harness.js';
import { ScriptedProvider } from './scripted-provider.js';

type Scoring = Record<string, any>;

describe('novelty availability warnings', () => {
  it('a history file without final_image_prompt disables novelty with warnings in prepare, selection and the loop', async () => {
    const csv = path.join(tempDir(), 'generations_v2.csv');
    fs.writeFileSync(csv, 'generation_id,prompt\r\ng1,a lighthouse\r\n');
    const cfg = configWith({ prompt: { random_seed: 9, stage_configs: { defaults: { 'blackbox_refine.loop': { iterations: 1 } } } } });
    const { ctx, error, lines } = await runPlan(cfg, { historyCsv: csv });
    expect(error).toBeNull();
    expect(lines).toContain(
      `WARNING | Novelty enabled but history unavailable; disabling novelty for this run: ${csv} generations csv missing required column: final_image_prompt`,
    );
    const selectWarning = 'pipeline/blackbox.select_idea_card/action: novelty.enabled=true but novelty summary is unavailable; novelty penalties disabled for this run';
    expect(lines).toContain(`WARNING | ${selectWarning}`);
    const sc = ctx.blackbox_scoring as Scoring;
    expect(sc.warnings).toEqual([selectWarning]);
    expect(sc.novelty_summary).toEqual({ enabled: false, window: 25, rows_considered: 0, top_tokens: [] });
    expect(sc.novelty).toMatchObject({ enabled_cfg: true, enabled_effective: false, summary_available: false, missing_summary: true });
    const it1 = sc.prompt_refine.iterations[0];
    const p = 'prompt.stage_configs.resolved.blackbox_refine.loop';
    const sel = 'pipeline/blackbox_refine.loop/blackbox_refine.iter_01/select';
    expect(it1.warnings).toEqual([
      `${sel}: ${p}.variation_prompt.include_novelty_summary=true but novelty summary is unavailable; using <none>`,
      `${sel}: ${p}.novelty.enabled=true but novelty summary is unavailable; novelty penalties disabled for this run`,
    ]);
    expect(it1.selection.score_table[0].novelty_detail).toEqual({ penalty: 0, reason: 'novelty_missing' });
    expect(it1.selection.novelty).toEqual({ method: 'df_overlap_v1', enabled_cfg: true, summary_available: false, missing_summary: true });
  });

  it('a missing history file is an empty history without warnings', async () => {
    const cfg = configWith({ prompt: { random_seed: 9, plan: 'blackbox' } });
    const { ctx, lines } = await runPlan(cfg, { historyCsv: path.join(tempDir(), 'none.csv') });
    expect(lines.filter((l) => l.startsWith('WARNING'))).toEqual([]);
    expect((ctx.blackbox_scoring as Scoring).novelty_summary).toMatchObject({ enabled: true, rows_considered: 0, motifs: [] });
    expect(lines).toContain('INFO | Blackbox scoring prepare: novelty_enabled_cfg=true window=25 method=df_overlap_v1');
  });
});

describe('refine loop details', () => {
  it('truncates long candidates to max_prompt_chars with a warning and records it', async () => {
    const cfg = configWith({
      prompt: { random_seed: 3, stage_configs: { defaults: { 'blackbox_refine.loop': { iterations: 1, max_prompt_chars: 40 } } } },
    });
    const { ctx, error, lines } = await runPlan(cfg);
    expect(error).toBeNull();
    const it1 = (ctx.blackbox_scoring as Scoring).prompt_refine.iterations[0];
    const cut = it1.candidates.filter((c: any) => c.prompt_truncated);
    expect(cut.length).toBeGreaterThan(0);
    for (const c of cut) expect(c.prompt_chars).toBeLessThanOrEqual(40);
    const ids = cut.map((c: any) => `'${c.id}'`).join(', ');
    expect(lines).toContain(
      `WARNING | Candidate prompt(s) exceeded prompt.stage_configs.resolved.blackbox_refine.loop.max_prompt_chars and were truncated: max=40 ids=[${ids}]`,
    );
    expect([...((ctx.outputs['bbref.beams'] as any)[0].prompt as string)].length).toBeLessThanOrEqual(40);
  });

  it('the judge sees shuffled candidates and every generator prompt carries the enabled blocks', async () => {
    const cfg = configWith({ prompt: { random_seed: 8, stage_configs: { defaults: { 'blackbox_refine.loop': { iterations: 2 } } } } });
    const provider = new ScriptedProvider(cfg, () => undefined);
    const { error } = await runPlan(cfg, { provider });
    expect(error).toBeNull();
    const users = provider.requests.map((r) => r.messages.at(-1)!.content);
    const gen2 = users.filter((u) => u.startsWith('Rewrite the base prompt'));
    expect(gen2).toHaveLength(6);
    const second = gen2[3]!;
    for (const heading of ['BASE PROMPT:', 'CONCEPTS:', 'CONTEXT:', 'PROFILE:', 'NOVELTY SUMMARY', 'SCORING RUBRIC:', 'HARD RULES:', 'Stay under 1500 characters.']) {
      expect(second).toContain(heading);
    }
    expect(second).toMatch(/Score feedback from iteration 1, beam 1/);
    expect(second).toMatch(/BEST:\n- id=[A-D] raw=\d+\.\d+ effective=/);
    expect(gen2[0]).not.toContain('Score feedback');
    const judges = users.filter((u) => u.startsWith('You are judge j1,'));
    expect(judges).toHaveLength(2);
    expect(judges[0]).toContain('ids and their order are arbitrary');
    // every message sent by the loop starts from the root conversation as at loop start
    const loopReqs = provider.requests.filter((r) => /^(Rewrite the base prompt|You are judge)/.test(r.messages.at(-1)!.content));
    const lengths = new Set(loopReqs.map((r) => r.messages.length));
    expect(lengths.size).toBe(1);
  });

  it('template v1 shows only enabled blocks', async () => {
    const cfg = configWith({
      prompt: {
        random_seed: 8,
        stage_configs: {
          defaults: {
            'blackbox_refine.loop': {
              iterations: 1,
              variation_prompt: { template: 'v1', include_profile: false, include_scoring_rubric: false },
              mutation_directives: { mode: 'fixed' },
            },
          },
        },
      },
    });
    const provider = new ScriptedProvider(cfg, () => undefined);
    await runPlan(cfg, { provider });
    const gen = provider.requests.map((r) => r.messages.at(-1)!.content).filter((u) => u.startsWith('You are improving an image-generation prompt'));
    expect(gen).toHaveLength(3);
    expect(gen[0]).toContain('Concepts:');
    expect(gen[0]).not.toContain('Profile:');
    expect(gen[0]).not.toContain('Scoring rubric:');
    expect(gen[0]).toContain('Mutation directive: Reframe the shot');
  });
});

describe('generator profile hints sources', () => {
  it('mode=file reads the bundled hints CSV; profile_hints_load loads a text file', async () => {
    const hints = fs.readFileSync(samplePath('user_profile_v5_abstraction.csv'), 'utf8');
    expect(hints.startsWith('generator_profile_hints')).toBe(true);
    const cfg = configWith({
      prompt: {
        random_seed: 2,
        plan: 'blackbox',
        stage_configs: {
          defaults: {
            'blackbox.generator_profile_hints': { mode: 'file', hints_path: 'builtin:sample/user_profile_v5_abstraction.csv' },
          },
        },
      },
    });
    const { ctx, error, lines } = await runPlan(cfg);
    expect(error).toBeNull();
    expect((ctx.outputs.generator_profile_hints as string).length).toBeGreaterThan(10);
    expect(lines.some((l) => /^INFO \| Generator profile hints: mode=file chars=\d+$/.test(l))).toBe(true);

    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'hints.txt'), 'Calm light.\nNo clutter.\n');
    const seq = ['preprompt.select_concepts', 'blackbox.prepare', 'blackbox.profile_hints_load', 'blackbox.generate_idea_cards',
      'blackbox.idea_cards_judge_score', 'blackbox.select_idea_card', 'blackbox.image_prompt_creation'];
    const cfg2 = configWith({
      prompt: {
        random_seed: 2,
        plan: 'custom',
        stages: { sequence: seq },
        stage_configs: {
          defaults: {
            'blackbox.profile_hints_load': { hints_path: path.join(dir, 'hints.txt') },
            'blackbox.generate_idea_cards': { idea_profile_source: 'generator_hints_plus_dislikes' },
          },
        },
      },
    });
    const provider = new ScriptedProvider(cfg2, () => undefined);
    const run2 = await runPlan(cfg2, { provider });
    expect(run2.error).toBeNull();
    expect(run2.lines).toContain(`INFO | Loaded generator profile hints from ${path.join(dir, 'hints.txt')} (chars=23)`);
    const card = provider.formatCalls('idea_card_A')[0]!.messages.at(-1)!.content;
    expect(card).toContain('Profile extraction (generator-safe hints):\nCalm light.\nNo clutter.\n\nDislikes:\n- ');
  });
});

describe('alternative card stages run offline', () => {
  const tail = ['blackbox.idea_cards_judge_score', 'blackbox.select_idea_card'];
  it.each([
    ['one call for all cards', ['blackbox.idea_cards_generate']],
    ['one stage per card + assemble', [
      { stage: 'blackbox.idea_card_generate', name: 'blackbox.idea_card_generate.A' },
      { stage: 'blackbox.idea_card_generate', name: 'blackbox.idea_card_generate.B' },
      { stage: 'blackbox.idea_card_generate', name: 'blackbox.idea_card_generate.C' },
      'blackbox.idea_cards_assemble',
    ]],
  ])('%s, then draft → refine → openai format', async (_label, cards) => {
    const sequence = ['preprompt.select_concepts', 'blackbox.prepare', ...cards, ...tail,
      'blackbox.image_prompt_draft', 'blackbox.image_prompt_refine', 'blackbox.image_prompt_openai'];
    const n = 3;
    const cfg = configWith({
      prompt: {
        random_seed: 12,
        plan: 'custom',
        stages: { sequence },
        stage_configs: {
          defaults: {
            'blackbox.idea_cards_generate': { num_ideas: n },
            'blackbox.idea_card_generate': { num_ideas: n },
            'blackbox.idea_cards_assemble': { num_ideas: n },
            'blackbox.select_idea_card': { num_ideas: n },
            'blackbox.image_prompt_openai': { max_prompt_chars: 900 },
          },
        },
      },
    });
    const provider = new ScriptedProvider(cfg, () => undefined);
    const { ctx, error } = await runPlan(cfg, { provider });
    expect(error).toBeNull();
    const sc = ctx.blackbox_scoring as Scoring;
    expect(sc.idea_cards.map((c: any) => c.id)).toEqual(['A', 'B', 'C']);
    expect(typeof ctx.outputs.blackbox_draft_image_prompt).toBe('string');
    expect((ctx.outputs.image_prompt as string).length).toBeGreaterThan(0);
    const last = provider.requests.at(-1)!.messages.at(-1)!.content;
    expect(last).toContain('Stay under 900 characters');
    expect(last).toContain('Selected idea card (JSON):');
  });
});

describe('context slot', () => {
  const guidance = 'Context guidance (optional):\n- It is late autumn; low warm light suits the scene.';
  it.each([
    ['prompt', true],
    ['both', true],
    ['system', false],
  ])('injection_location=%s → guidance in stage prompts: %s', async (location, shown) => {
    const cfg = configWith({
      context: { injection_location: location },
      prompt: { random_seed: 4, stage_configs: { defaults: { 'blackbox_refine.loop': { iterations: 1 } } } },
    });
    const provider = new ScriptedProvider(cfg, () => undefined);
    const { error } = await runPlan(cfg, { provider, contextGuidance: guidance });
    expect(error).toBeNull();
    const prompts = provider.requests.map((r) => r.messages.at(-1)!.content);
    const generator = prompts.find((u) => u.startsWith('Rewrite the base prompt'))!;
    const card = provider.formatCalls('idea_card_A')[0]!.messages.at(-1)!.content;
    for (const text of [generator, card]) {
      expect(text.includes('low warm light')).toBe(shown);
    }
    if (!shown) expect(generator).toContain('CONTEXT:\n<none>');
  });
});
