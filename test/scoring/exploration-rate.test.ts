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

async function selectWith(rate: number, seed: number) {
  const cfg = configWith();
  const knobs = new KnobReader('prompt.stage_configs.resolved.blackbox.select_idea_card', { exploration_rate: rate });
  const root = selectIdeaCardStage.build({
    instanceId: 'blackbox.select_idea_card', kindId: 'blackbox.select_idea_card', knobs, cfg,
    inputs: { workspaceRoot: '/tmp', draftPrompt: null } as never,
  });
  const ctx = createRunContext({ seed, outputs: { idea_cards_json: cards, idea_scores_json: scores } });
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
