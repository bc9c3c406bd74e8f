import { describe, expect, it } from 'vitest';
import { ideaScoreTable, selectIdea } from '../../src/scoring/idea-selection.js';
import type { IdeaCard } from '../../src/scoring/idea-cards.js';
import { summarizePrompts, NOVELTY_DEFAULTS } from '../../src/scoring/novelty.js';
import { namedStream, subseed } from '../../src/scoring/stream.js';
import { selectBeams, sortCandidateRows, type CandidateRow } from '../../src/scoring/refine/beam-selection.js';

const card = (id: string, hook: string): IdeaCard => ({
  id,
  hook,
  narrative: 'A quiet scene.',
  options: { composition: ['wide', 'close'], palette: ['teal', 'rust'], medium: ['ink'], mood: ['calm'] },
  avoid: [],
});
const off = { active: false, summary: null, knobs: { max_penalty: 20, scaling: 'linear' as const } };

describe('idea selection', () => {
  const cards = [card('A', 'one'), card('B', 'two'), card('C', 'three'), card('D', 'four'), card('E', 'five'), card('F', 'six')];
  const scores = { A: 50, B: 90, C: 90, D: 10, E: 70, F: 0 };

  it('sorts by effective desc, score desc, id asc and exploits the top row', () => {
    const rows = ideaScoreTable(cards, scores, off);
    expect(rows.map((r) => r.id)).toEqual(['B', 'C', 'E', 'A', 'D', 'F']);
    expect(rows[0]!.novelty_detail).toEqual({ penalty: 0, reason: 'novelty_disabled' });
    const sel = selectIdea(cards, rows, 0, namedStream(1, 'idea_select:x'));
    expect(sel).toMatchObject({ mode: 'exploit', selected: { id: 'B' } });
  });

  it('explores at the configured rate over many seeds, only within the pool of max(ceil(n/4), 2)', () => {
    const rows = ideaScoreTable(cards, scores, off);
    let explored = 0;
    const picked = new Set<string>();
    const N = 2000;
    for (let seed = 0; seed < N; seed++) {
      const sel = selectIdea(cards, rows, 0.15, namedStream(seed, 'idea_select:blackbox.select_idea_card'));
      if (sel.mode === 'explore') {
        explored++;
        picked.add(sel.selected.id);
        expect(sel.roll).toBeLessThan(0.15);
      } else expect(sel.selected.id).toBe('B');
    }
    expect(explored / N).toBeGreaterThan(0.13);
    expect(explored / N).toBeLessThan(0.17);
    expect([...picked].sort()).toEqual(['B', 'C']); // pool = first 2 rows for n = 6
  });

  it('rate 0 never explores, rate 1 always does; same seed gives the same pick', () => {
    const rows = ideaScoreTable(cards, scores, off);
    for (let seed = 0; seed < 50; seed++) {
      expect(selectIdea(cards, rows, 0, namedStream(seed, 'p')).mode).toBe('exploit');
      expect(selectIdea(cards, rows, 1, namedStream(seed, 'p')).mode).toBe('explore');
      const a = selectIdea(cards, rows, 0.5, namedStream(seed, 'p'));
      const b = selectIdea(cards, rows, 0.5, namedStream(seed, 'p'));
      expect([a.mode, a.selected.id, a.roll]).toEqual([b.mode, b.selected.id, b.roll]);
    }
  });

  it('the novelty penalty demotes a card that repeats recent motifs', () => {
    const two = [card('A', 'lighthouse at dusk over the harbor'), card('B', 'paper lanterns in a cedar forest')];
    const history = Array.from({ length: 5 }, (_, i) => `a lighthouse above the harbor, variant ${i}`);
    const summary = summarizePrompts(history, 5, { ...NOVELTY_DEFAULTS, enabled: true, window: 25 });
    const active = { active: true, summary, knobs: { max_penalty: 20, scaling: 'linear' as const } };
    const before = ideaScoreTable(two, { A: 80, B: 75 }, off);
    const after = ideaScoreTable(two, { A: 80, B: 75 }, active);
    expect(before[0]!.id).toBe('A');
    expect(after[0]!.id).toBe('B');
    expect(after.find((r) => r.id === 'A')).toMatchObject({ novelty_penalty: 10, effective_score: 70 }); // lighthouse+harbor = 10 of 20 weight
  });

  it('subseed is the documented SHA-256 prefix', () => {
    expect(subseed(0, 'idea_select:x')).toBeLessThan(2 ** 48);
    expect(subseed(42, 'a')).toBe(subseed('42', 'a'));
    expect(subseed(42, 'a')).not.toBe(subseed(42, 'b'));
  });
});

const row = (id: string, score: number, extra: Partial<CandidateRow> = {}): CandidateRow => ({
  id,
  score,
  novelty_penalty: 0,
  novelty_detail: { penalty: 0, reason: 'novelty_disabled' },
  effective_score: score,
  prompt_chars: 100,
  parent_beam: 1,
  kind: 'generated',
  ...extra,
});

describe('refine ranking and beam selection', () => {
  it('applies the tie-breakers', () => {
    const rows = [
      row('A', 70, { prompt_chars: 300, novelty_penalty: 0 }),
      row('B', 70, { prompt_chars: 100, novelty_penalty: 5, effective_score: 70, score: 70 }),
      row('C', 80, { effective_score: 70, novelty_penalty: 10, prompt_chars: 200 }),
    ];
    expect(sortCandidateRows(rows, 'stable_id').map((r) => r.id)).toEqual(['C', 'A', 'B']);
    expect(sortCandidateRows(rows, 'prefer_shorter').map((r) => r.id)).toEqual(['C', 'B', 'A']);
    expect(sortCandidateRows(rows, 'prefer_novel').map((r) => r.id)).toEqual(['C', 'A', 'B']);
    const tied = [row('A', 70, { prompt_chars: 300, novelty_penalty: 4 }), row('B', 70, { prompt_chars: 100, novelty_penalty: 2 })];
    expect(sortCandidateRows(tied, 'prefer_novel').map((r) => r.id)).toEqual(['B', 'A']);
    expect(sortCandidateRows(tied, 'prefer_shorter').map((r) => r.id)).toEqual(['B', 'A']);
    expect(sortCandidateRows(tied, 'stable_id').map((r) => r.id)).toEqual(['A', 'B']);
  });

  const beamRows = sortCandidateRows(
    [
      row('A', 90, { parent_beam: 1 }),
      row('B', 85, { parent_beam: 1 }),
      row('C', 80, { parent_beam: 1 }),
      row('D', 60, { parent_beam: 2 }),
      row('E', 50, { parent_beam: 2 }),
      row('F', 40, { parent_beam: 3 }),
      row('G', 30, { parent_beam: 3 }),
      row('H', 20, { parent_beam: 3 }),
    ],
    'stable_id',
  );

  it('exploit takes the top k, or each beam best first with group_by_beam', () => {
    expect(selectBeams(beamRows, 3, 0, false, namedStream(1, 's')).picks.map((r) => r.id)).toEqual(['A', 'B', 'C']);
    expect(selectBeams(beamRows, 3, 0, true, namedStream(1, 's')).picks.map((r) => r.id)).toEqual(['A', 'D', 'F']);
    expect(selectBeams(beamRows, 2, 0, true, namedStream(1, 's')).picks.map((r) => r.id)).toEqual(['A', 'D']);
  });

  it('explore picks k distinct rows from the pool in sorted order; k > n fails', () => {
    for (let seed = 0; seed < 200; seed++) {
      const sel = selectBeams(beamRows, 3, 1, false, namedStream(seed, 'bbref_select:iter_01'));
      expect(sel.mode).toBe('explore');
      const ids = sel.picks.map((r) => r.id);
      expect(new Set(ids).size).toBe(3);
      // pool = first min(8, max(3, 2, 4)) = 4 rows
      for (const id of ids) expect(['A', 'B', 'C', 'D']).toContain(id);
      expect([...ids].sort()).toEqual(ids);
    }
    expect(() => selectBeams(beamRows.slice(0, 2), 3, 0, false, namedStream(1, 's'))).toThrow(
      'Selection requires k <= candidates (k=3 candidates=2)',
    );
  });

  it('explores at the configured rate', () => {
    let explored = 0;
    for (let seed = 0; seed < 2000; seed++) {
      if (selectBeams(beamRows, 1, 0.3, false, namedStream(seed, 'bbref_select:iter_02')).mode === 'explore') explored++;
    }
    expect(explored / 2000).toBeGreaterThan(0.27);
    expect(explored / 2000).toBeLessThan(0.33);
  });
});
