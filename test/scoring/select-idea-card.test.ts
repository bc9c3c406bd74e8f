import { describe, expect, it } from 'vitest';
import { KnobReader, createRunContext, executePipeline } from '../../src/pipeline/index.js';
import { selectIdeaCardStage } from '../../src/stages/blackbox/select-idea-card.js';
import { configWith } from './harness.js';
import { stableIds } from '../../src/scoring/stable-ids.js';

const ids = stableIds(6);
const cards = JSON.stringify({
  ideas: ids.map((id) => ({
    id,
    hook: `hook ${id}`,
    narrative: `narrative ${id}`,
    options: { composition: ['wide', 'low'], palette: ['teal', 'rust'], medium: ['ink'], mood: ['calm'] },
    avoid: [],
  })),
});
const scores = JSON.stringify({ scores: ids.map((id, i) => ({ id, score: 90 - i * 10 })) });

async function selectWith(rate: number, seed: number, outputs: Record<string, unknown> = {}) {
  const cfg = configWith();
  const knobs = new KnobReader('prompt.stage_configs.resolved.blackbox.select_idea_card', { exploration_rate: rate });
  const root = selectIdeaCardStage.build({
    instanceId: 'blackbox.select_idea_card', kindId: 'blackbox.select_idea_card', knobs, cfg,
    inputs: { workspaceRoot: '/tmp', draftPrompt: null } as never,
  });
  const ctx = createRunContext({ seed, outputs: { idea_cards_json: cards, idea_scores_json: scores, ...outputs } });
  await executePipeline(root, ctx);
  return ctx.blackbox_scoring as Record<string, any>;
}

describe('blackbox.select_idea_card explores at the configured rate', () => {
  it('0.3 over 600 deterministic seeds; explore picks stay in the top two', async () => {
    let explored = 0;
    for (let seed = 0; seed < 600; seed++) {
      const sc = await selectWith(0.3, seed);
      if (sc.selection_mode === 'explore') {
        explored++;
        expect(['A', 'B']).toContain(sc.selected_id);
      } else expect(sc.selected_id).toBe('A');
    }
    expect(explored / 600).toBeGreaterThan(0.25);
    expect(explored / 600).toBeLessThan(0.35);
  });

  it('rate 0 never explores; the record carries seed, roll and rate', async () => {
    const sc = await selectWith(0, 17);
    expect(sc).toMatchObject({ selection_mode: 'exploit', selected_id: 'A', selected_score: 90, exploration_rate: 0 });
    expect(sc.scoring_seed).toBeGreaterThan(0);
    expect(sc.exploration_roll).toBeGreaterThanOrEqual(0);
    expect(sc.exploration_roll).toBeLessThan(1);
  });
});

describe('blackbox.select_idea_card blames the step that produced bad JSON', () => {
  async function failure(outputs: Record<string, unknown>) {
    try {
      await selectWith(0, 1, outputs);
    } catch (err) {
      return err as Error & Record<string, unknown>;
    }
    throw new Error('expected a failure');
  }
  it('cards: the resolved card stage; scores: the judge', async () => {
    const five = JSON.stringify({ ideas: JSON.parse(cards).ideas.slice(0, 5) });
    let err = await failure({ idea_cards_json: five });
    expect(err.message).toBe('invalid_idea_cards_json: wrong number of ideas (expected=6 got=5)');
    expect(err.pipelinePath).toBe('pipeline/blackbox.idea_cards_generate/draft');
    err = await failure({ idea_cards_json: five, prompt_pipeline: { resolved_stages: ['blackbox.generate_idea_cards'] } });
    expect(err.pipelinePath).toBe('pipeline/blackbox.generate_idea_cards/assemble');
    err = await failure({ idea_cards_json: five, prompt_pipeline: { resolved_stages: ['blackbox.idea_cards_assemble'] } });
    expect(err.pipelinePath).toBe('pipeline/blackbox.idea_cards_assemble/action');
    err = await failure({ idea_scores_json: '{"scores": [{"id": "A", "score": 7}]}' });
    expect(err.message).toMatch(/^invalid_judge_output: score ids must match idea ids \(missing=\['B', 'C', 'D', 'E', 'F'\] extra=\[\]\)$/);
    expect(err.pipelinePath).toBe('pipeline/blackbox.idea_cards_judge_score/draft');
    err = await failure({ idea_scores_json: undefined });
    expect(err.message).toBe('Missing required output: idea_scores_json');
  });
});
