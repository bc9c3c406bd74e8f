import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvDocument } from '../../src/artifacts/index.js';
import { configWith, runPlan, tempDir } from './harness.js';
import { ScriptedProvider } from './scripted-provider.js';

type Scoring = Record<string, any>;

const LOOP_JUDGE = 'pipeline/blackbox_refine.loop/blackbox_refine.iter_01/judge/j1';

function loopPath(sc: Scoring): string[] {
  return sc.prompt_refine.iterations.map((it: any) => `${it.selection.selection_mode}:${it.selection.selected_ids.join(',')}`);
}

describe('the three scoring plans run offline', () => {
  it('blackbox_refine (the built-in default plan) fills image_prompt and blackbox_scoring', async () => {
    const cfg = configWith({ prompt: { random_seed: 11 } });
    expect(cfg.prompt.plan).toBe('blackbox_refine');
    const provider = new ScriptedProvider(cfg, () => undefined);
    const { ctx, error, lines } = await runPlan(cfg, { provider });
    expect(error).toBeNull();
    expect((ctx.outputs.image_prompt as string).trim().length).toBeGreaterThan(0);
    const sc = ctx.blackbox_scoring as Scoring;
    expect(sc.idea_cards.map((c: any) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(sc.score_table).toHaveLength(6);
    expect(['explore', 'exploit']).toContain(sc.selection_mode);
    expect(sc.selected_id).toBe((ctx.outputs.selected_idea_card as any).id);
    expect(sc.novelty).toMatchObject({ method: 'df_overlap_v1', window: 25, enabled_cfg: true, summary_available: true });
    const pr = sc.prompt_refine;
    expect(pr.seed_source).toBe('blackbox');
    expect(pr.iterations).toHaveLength(3);
    expect(pr.iterations[0].candidates.map((c: any) => c.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(pr.iterations[0].judge_outputs.map((j: any) => j.judge_id)).toEqual(['j1', 'j2', 'j3']);
    expect(pr.final_prompt).toBe((ctx.outputs['bbref.beams'] as any)[0].prompt.trim());
    expect(Object.keys(pr)).toEqual(['config_snapshot', 'seed_output_key', 'seed_source', 'seed_prompt', 'iterations', 'final_prompt']);
    expect(lines).toContain(`INFO | Selected candidate: id=${sc.selected_id}, score=${sc.selected_score}, selection_mode=${sc.selection_mode}`);
    expect(lines.some((l) => /^INFO \| Blackbox prompt refine iter=03 mode=(explore|exploit) selected=\['[A-D]'\]$/.test(l))).toBe(true);
    // pipeline.md §10: 1 hints + 6 cards + 1 judge + 1 seed + 3 x (3 generators + 3 judges) + 2 post (+1 filter, a direct call)
    expect(ctx.steps.filter((s: any) => s.type === 'chat').length).toBe(1 + 6 + 1 + 1 + 18 + 2);
    expect(provider.requests).toHaveLength(1 + 6 + 1 + 1 + 18 + 2 + 1);
  });

  it('blackbox ends at blackbox.image_prompt_creation', async () => {
    const cfg = configWith({ prompt: { random_seed: 3, plan: 'blackbox' } });
    const { ctx, error } = await runPlan(cfg);
    expect(error).toBeNull();
    expect((ctx.outputs.image_prompt as string).length).toBeGreaterThan(0);
    const sc = ctx.blackbox_scoring as Scoring;
    expect(sc.prompt_refine).toBeUndefined();
    expect(sc.scoring_seed).toBeGreaterThan(0);
  });

  it('blackbox_refine_only seeds the loop from the draft', async () => {
    const cfg = configWith({ prompt: { random_seed: 5, plan: 'blackbox_refine_only', refine_only: { draft: 'A red kite above a grey sea wall' } } });
    const { ctx, error, lines } = await runPlan(cfg, { draft: 'A red kite above a grey sea wall' });
    expect(error).toBeNull();
    expect((ctx.outputs.image_prompt as string).length).toBeGreaterThan(0);
    const pr = (ctx.blackbox_scoring as Scoring).prompt_refine;
    expect(pr).toMatchObject({ seed_source: 'draft', seed_prompt: 'A red kite above a grey sea wall' });
    expect(lines).toContain('INFO | Blackbox prompt refine seed: source=draft_prompt chars=32');
  });

  it('same seed gives the same selection and loop path; other seeds differ somewhere', async () => {
    const a = await runPlan(configWith({ prompt: { random_seed: 21 } }));
    const b = await runPlan(configWith({ prompt: { random_seed: 21 } }));
    const sa = a.ctx.blackbox_scoring as Scoring;
    const sb = b.ctx.blackbox_scoring as Scoring;
    expect([sa.selected_id, sa.exploration_roll, loopPath(sa)]).toEqual([sb.selected_id, sb.exploration_roll, loopPath(sb)]);
    expect(a.ctx.outputs.image_prompt).toBe(b.ctx.outputs.image_prompt);
    const rolls = new Set<number>();
    for (const seed of [1, 2, 3]) rolls.add(((await runPlan(configWith({ prompt: { random_seed: seed } }))).ctx.blackbox_scoring as Scoring).exploration_roll);
    expect(rolls.size).toBe(3);
  });

  it('beam search with group_by_beam keeps beam_width beams', async () => {
    const cfg = configWith({
      prompt: {
        random_seed: 4,
        stage_configs: {
          defaults: {
            'blackbox_refine.loop': {
              algorithm: 'beam', beam_width: 2, branching_factor: 2, iterations: 2,
              selection: { group_by_beam: true, tie_breaker: 'prefer_shorter' }, judging: { aggregation: 'median' },
              mutation_directives: { mode: 'cycle' },
            },
          },
        },
      },
    });
    const { ctx, error } = await runPlan(cfg);
    expect(error).toBeNull();
    const its = (ctx.blackbox_scoring as Scoring).prompt_refine.iterations;
    expect(its[0].candidate_count).toBe(3);
    expect(its[1].candidates.map((c: any) => `${c.id}${c.parent_beam}`)).toEqual(['A1', 'B1', 'C1', 'D2', 'E2', 'F2']);
    expect(its[1].selection.selected_ids).toHaveLength(2);
    expect(its[1].aggregate.method).toBe('median');
    expect(its[1].score_feedback.by_beam.map((b: any) => b.beam_index)).toEqual([1, 2]);
    expect((ctx.outputs['bbref.beams'] as any[]).length).toBe(2);
  });
});

describe('novelty changes a selection', () => {
  const cardFor = (id: string, hook: string) =>
    JSON.stringify({ id, hook, narrative: `${hook}, seen at dusk.`, options: { composition: ['wide', 'low'], palette: ['teal', 'rust'], medium: ['ink'], mood: ['calm'] }, avoid: [] });

  async function pick(historyPrompts: string[]): Promise<Scoring> {
    const dir = tempDir();
    const csv = path.join(dir, 'generations_v2.csv');
    const header = ['generation_id', 'selected_concepts', 'final_image_prompt', 'image_path', 'created_at', 'seed'];
    fs.writeFileSync(csv, csvDocument(header, historyPrompts.map((p, i) => ({ generation_id: `g${i}`, final_image_prompt: p, seed: i }))));
    const cfg = configWith({
      prompt: {
        random_seed: 1,
        plan: 'blackbox',
        stage_configs: {
          defaults: {
            'blackbox.generate_idea_cards': { num_ideas: 2 },
            'blackbox.select_idea_card': { num_ideas: 2, exploration_rate: 0 },
          },
        },
      },
    });
    const provider = new ScriptedProvider(cfg, (req) => {
      if (req.responseFormat?.name === 'idea_card_A') return cardFor('A', 'Lighthouse keeper above the harbor');
      if (req.responseFormat?.name === 'idea_card_B') return cardFor('B', 'Paper lanterns in a cedar grove');
      if (req.responseFormat?.name === 'idea_scores') return '{"scores":[{"id":"A","score":80},{"id":"B","score":75}]}';
      return undefined;
    });
    const { ctx, error } = await runPlan(cfg, { provider, historyCsv: csv });
    expect(error).toBeNull();
    return ctx.blackbox_scoring as Scoring;
  }

  it('picks the repeated motif without history and the fresh card when history repeats it', async () => {
    const fresh = await pick(['a quiet orchard in snow', 'a glass greenhouse at noon', 'a tram in fog']);
    expect(fresh).toMatchObject({ selected_id: 'A', selection_mode: 'exploit' });
    const repeated = await pick(Array.from({ length: 6 }, (_, i) => `lighthouse keeper above the harbor at night ${i}`));
    expect(repeated).toMatchObject({ selected_id: 'B', selection_mode: 'exploit', selected_score: 75 });
    const rowA = repeated.score_table.find((r: any) => r.id === 'A');
    expect(rowA.novelty_penalty).toBeGreaterThan(5);
    expect(rowA.novelty_detail.top_motifs.map((m: any) => m.token)).toEqual(expect.arrayContaining(['harbor', 'lighthouse', 'keeper']));
  });
});

describe('malformed judge replies are retried, then fail blaming the judge', () => {
  const bad: Record<string, string> = {
    'not JSON': 'Candidate B is clearly the best.',
    'a missing id': '{"scores":[{"id":"A","score":50},{"id":"B","score":60},{"id":"C","score":70}]}',
    'a score out of range': '{"scores":[{"id":"A","score":50},{"id":"B","score":160},{"id":"C","score":70},{"id":"D","score":1}]}',
  };
  for (const [label, reply] of Object.entries(bad)) {
    it(`loop judge: ${label}`, async () => {
      const cfg = configWith({ prompt: { random_seed: 2 } });
      const provider = new ScriptedProvider(cfg, (_req, user) => (user.startsWith('You are judge j1,') ? reply : undefined));
      const { error, lines, ctx } = await runPlan(cfg, { provider });
      expect(error).not.toBeNull();
      expect(error!.type).toBe('ResponseFormatError');
      expect(error!.pipelinePath).toBe(LOOP_JUDGE);
      expect(error!.pipelineStep).toBe('j1');
      expect(error!.message).toMatch(/^Step j1 response violates format bbref_judge_scores_iter_01: /);
      const j1Calls = provider.requests.filter((r) => r.messages.at(-1)!.content.startsWith('You are judge j1,'));
      expect(j1Calls).toHaveLength(1 + cfg.providers.text.format_retries);
      expect(lines.filter((l) => l.startsWith(`WARNING | Response format check failed for ${LOOP_JUDGE} (attempt `))).toHaveLength(3);
      expect(ctx.outputs.image_prompt).toBeUndefined();
    });
  }

  it('idea-card judge: missing id → ResponseFormatError at its draft step', async () => {
    const cfg = configWith({ prompt: { random_seed: 2, plan: 'blackbox' } });
    const provider = new ScriptedProvider(cfg, (req) =>
      req.responseFormat?.name === 'idea_scores' ? '{"scores":[{"id":"A","score":50}]}' : undefined,
    );
    const { error, lines } = await runPlan(cfg, { provider });
    expect(error!.type).toBe('ResponseFormatError');
    expect(error!.pipelinePath).toBe('pipeline/blackbox.idea_cards_judge_score/draft');
    expect(provider.formatCalls('idea_scores')).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('WARNING | Response format check failed for pipeline/blackbox.idea_cards_judge_score/draft (attempt 3/3)'))).toBe(true);
  });

  it('a judge that recovers on retry lets the run finish', async () => {
    const cfg = configWith({ prompt: { random_seed: 2 } });
    let n = 0;
    const provider = new ScriptedProvider(cfg, (_req, user) => (user.startsWith('You are judge j2,') && n++ === 0 ? 'oops' : undefined));
    const { error, ctx } = await runPlan(cfg, { provider });
    expect(error).toBeNull();
    expect((ctx.outputs.image_prompt as string).length).toBeGreaterThan(0);
  });
});
