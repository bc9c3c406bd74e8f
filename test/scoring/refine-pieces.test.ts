import { describe, expect, it } from 'vitest';
import { aggregateScores, aggregateCandidates } from '../../src/scoring/refine/aggregate.js';
import { candidateSlots, mutationDirective, truncatePrompt } from '../../src/scoring/refine/candidates.js';
import { buildFeedback, clipText, feedbackBucket, feedbackText, formatScore } from '../../src/scoring/refine/score-feedback.js';
import { namedStream } from '../../src/scoring/stream.js';
import { profileText } from '../../src/scoring/profile-sources.js';
import type { CandidateRow } from '../../src/scoring/refine/beam-selection.js';

describe('aggregation', () => {
  const s = (score: number, weight = 1) => ({ score, weight });
  it('computes weighted mean, median, min, max, trimmed mean', () => {
    expect(aggregateScores([s(80, 1), s(60, 3)], 'mean')).toBe(65);
    expect(aggregateScores([s(80, 0), s(60, 0)], 'mean')).toBe(0);
    expect(aggregateScores([s(10), s(90), s(50)], 'median')).toBe(50);
    expect(aggregateScores([s(10), s(90), s(50), s(60)], 'median')).toBe(55);
    expect(aggregateScores([s(10, 5), s(90)], 'min')).toBe(10);
    expect(aggregateScores([s(10), s(90, 0)], 'max')).toBe(90);
    expect(aggregateScores([s(0), s(70), s(80, 3), s(100)], 'trimmed_mean', 1)).toBe(77.5);
  });
  it('aggregates per candidate', () => {
    const judges = [
      { weight: 1, scores: { A: 80, B: 40 } },
      { weight: 1, scores: { A: 70, B: 41 } },
    ];
    expect(aggregateCandidates(['A', 'B'], judges, 'mean', 0)).toEqual({ A: 75, B: 40.5 });
  });
});

describe('candidates', () => {
  it('lays out parents and generated ids across beams', () => {
    const opts = { algorithm: 'beam' as const, beam_width: 2, branching_factor: 2, include_parents_as_candidates: true };
    expect(candidateSlots(1, opts).map((s) => `${s.id}:${s.kind[0]}${s.parent_beam}`)).toEqual(['A:p1', 'B:g1', 'C:g1']);
    expect(candidateSlots(2, opts).map((s) => `${s.id}:${s.kind[0]}${s.parent_beam}`)).toEqual([
      'A:p1', 'B:g1', 'C:g1', 'D:p2', 'E:g2', 'F:g2',
    ]);
    const hill = { ...opts, algorithm: 'hillclimb' as const, include_parents_as_candidates: false };
    expect(candidateSlots(3, hill).map((s) => s.id)).toEqual(['A', 'B']);
  });
  it('picks mutation directives by mode', () => {
    const d = ['one', 'two', 'three'];
    const stream = () => namedStream(5, 'bbref_mutation:iter_01:B');
    expect(mutationDirective('none', d, 1, 1, stream)).toBeNull();
    expect(mutationDirective('random', [], 1, 1, stream)).toBeNull();
    expect(mutationDirective('fixed', d, 3, 2, stream)).toBe('one');
    expect(mutationDirective('cycle', d, 1, 1, stream)).toBe('two');
    expect(mutationDirective('cycle', d, 3, 2, stream)).toBe('two'); // (3-1+2) mod 3 = 1
    const u0 = namedStream(5, 'bbref_mutation:iter_01:B').random();
    expect(mutationDirective('random', d, 1, 1, stream)).toBe(d[Math.floor(u0 * 3)]);
  });
  it('truncates by code points and right-trims', () => {
    expect(truncatePrompt('abc def', 4)).toEqual({ text: 'abc', chars: 3, original_chars: 7, truncated: true });
    expect(truncatePrompt('😀😀😀', 2)).toMatchObject({ text: '😀😀', chars: 2, truncated: true });
    expect(truncatePrompt('short', null)).toMatchObject({ text: 'short', truncated: false });
  });
});

describe('score feedback', () => {
  const r = (id: string, eff: number, beam: number): CandidateRow => ({
    id, score: eff + 1, novelty_penalty: 1, novelty_detail: { penalty: 0, reason: 'no_motifs' }, effective_score: eff,
    prompt_chars: 10, parent_beam: beam, kind: 'generated',
  });
  const sorted = [r('C', 90, 2), r('A', 80, 1), r('B', 70, 1), r('D', 10, 2)];
  const prompts = new Map([['A', 'a'.repeat(20)], ['B', 'b'], ['C', 'c'], ['D', 'd']]);
  it('builds by-beam and overall best/worst with clipped prompts', () => {
    const fb = buildFeedback(1, sorted, prompts, 5);
    expect(fb.byBeam.map((b) => [b.beam_index, b.best.id, b.worst.id])).toEqual([[1, 'A', 'B'], [2, 'C', 'D']]);
    expect(fb.byBeam[0]!.best).toMatchObject({ prompt: 'aaaaa', prompt_truncated_for_feedback: true, score: 81 });
    expect(fb.overall).toMatchObject({ iteration: 1, best: { id: 'C' }, worst: { id: 'D' } });
    expect(clipText('abc', 0)).toEqual({ text: 'abc', clipped: false });
    const text = feedbackText(1, 1, fb.byBeam[0]!);
    expect(text).toContain('- id=A raw=81.0 effective=80.0 novelty_penalty=1 kind=generated parent_beam=1');
    expect(text).toContain('BEST:');
    expect(text).toContain('WORST:');
    expect(formatScore(74.5)).toBe('74.5');
    expect(feedbackBucket(fb.byBeam, fb.overall, { parent_beam: 2 }, 1)?.best.id).toBe('C');
    expect(feedbackBucket(fb.byBeam, fb.overall, { parent_beam: 7 }, 1)?.best.id).toBe('C'); // overall fallback
  });
});

describe('profile sources', () => {
  const guidance = [
    'Preference strength legend:\n- Loves: strong',
    'Loves:\n- rain at dusk',
    'Likes:\n- folk patterns',
    'Dislikes:\n- office interiors',
    'Hates:\n- gore',
  ].join('\n\n');
  const inputs = { preferencesGuidance: guidance, generatorHints: 'calm, handmade', dislikes: ['office interiors', 'gore'] };
  it('renders each source', () => {
    expect(profileText('raw', inputs, 's', 'k')).toBe(guidance);
    expect(profileText('none', inputs, 's', 'k')).toBe('<none>');
    expect(profileText('likes_dislikes', inputs, 's', 'k')).toBe(
      'Loves:\n- rain at dusk\n\nLikes:\n- folk patterns\n\nHates:\n- gore\n\nDislikes:\n- office interiors',
    );
    expect(profileText('dislikes_only', inputs, 's', 'k')).toBe('Hates:\n- gore\n\nDislikes:\n- office interiors');
    expect(profileText('dislikes_only', { ...inputs, preferencesGuidance: '' }, 's', 'k')).toBe(
      'Dislikes/Hates:\n- office interiors\n- gore',
    );
    expect(profileText('generator_hints_plus_dislikes', inputs, 's', 'k')).toBe(
      'Profile extraction (generator-safe hints):\ncalm, handmade\n\nDislikes:\n- office interiors\n- gore',
    );
    expect(profileText('combined', inputs, 's', 'k')).toMatch(/^Generator-safe profile hints:\ncalm, handmade\n\nLikes\/Dislikes\/Hates \(raw, minimal\):\nLoves:/);
    expect(() => profileText('generator_hints', { ...inputs, generatorHints: ' ' }, 'blackbox.x', 'p.q')).toThrow(
      'blackbox.x requires generator_profile_hints for p.q=generator_hints',
    );
  });
});
