import { describe, expect, it } from 'vitest';
import {
  ideaCardText,
  parseIdeaCard,
  parseIdeaCards,
  ideaCardsJsonText,
} from '../../src/scoring/idea-cards.js';
import { stableIds } from '../../src/scoring/stable-ids.js';

const card = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  hook: ' A hook ',
  narrative: 'A narrative',
  options: { composition: ['wide', 'low'], palette: ['teal', 'ochre'], medium: ['gouache'], mood: ['calm'] },
  avoid: ['neon'],
  ...extra,
});

describe('stable ids', () => {
  it('counts like spreadsheet columns', () => {
    const ids = stableIds(30);
    expect(ids.slice(0, 3)).toEqual(['A', 'B', 'C']);
    expect(ids[25]).toBe('Z');
    expect(ids[26]).toBe('AA');
    expect(ids[29]).toBe('AD');
    expect(stableIds(703)[702]).toBe('AAA');
  });
});

describe('parseIdeaCard', () => {
  it('accepts the card, {idea}, {ideas:[card]} and a fenced reply; trims', () => {
    const plain = parseIdeaCard(JSON.stringify(card('B')), 'B');
    expect(plain.hook).toBe('A hook');
    expect(parseIdeaCard(JSON.stringify({ idea: card('B') }), 'B')).toEqual(plain);
    expect(parseIdeaCard(JSON.stringify({ ideas: [card('B')] }), 'B')).toEqual(plain);
    expect(parseIdeaCard('```json\n' + JSON.stringify(card('B')) + '\n```', 'B')).toEqual(plain);
  });

  it('accepts a missing avoid and drops blank or non-string option items before the minimum', () => {
    const c = card('A', { avoid: undefined });
    delete (c as Record<string, unknown>).avoid;
    (c.options as Record<string, unknown>).palette = ['teal', ' ', 3, 'ochre'];
    const parsed = parseIdeaCard(JSON.stringify(c), 'A');
    expect(parsed.avoid).toEqual([]);
    expect(parsed.options.palette).toEqual(['teal', 'ochre']);
  });

  it.each([
    ['not json', /^invalid_idea_card_json: JSON parse error: /],
    ['[1]', /^invalid_idea_card_json: expected an object$/],
    [JSON.stringify({ ideas: [card('A'), card('A')] }), /^invalid_idea_card_json: ideas must be a list with exactly 1 item$/],
    [JSON.stringify(card('Z')), /^invalid_idea_card_json: wrong id \(expected='A' got='Z'\)$/],
    [JSON.stringify(card('')), /^invalid_idea_card_json: id must be a non-empty string$/],
    [JSON.stringify(card('A', { hook: '  ' })), /^invalid_idea_card_json: hook must be a non-empty string$/],
    [JSON.stringify(card('A', { narrative: 4 })), /^invalid_idea_card_json: narrative must be a non-empty string$/],
    [JSON.stringify(card('A', { options: [] })), /^invalid_idea_card_json: options must be an object$/],
    [
      JSON.stringify(card('A', { options: { composition: 'x', palette: ['a', 'b'], medium: ['m'], mood: ['m'] } })),
      /^invalid_idea_card_json: options.composition must be a list\[str\]$/,
    ],
    [
      JSON.stringify(card('A', { options: { composition: ['a', 'b'], palette: ['a', ''], medium: ['m'], mood: ['m'] } })),
      /^invalid_idea_card_json: options.palette must have >= 2 items$/,
    ],
    [JSON.stringify(card('A', { avoid: 'x' })), /^invalid_idea_card_json: avoid must be a list\[str\] if provided$/],
    [JSON.stringify(card('A', { avoid: ['x', 2] })), /^invalid_idea_card_json: avoid\[1\] must be a string$/],
  ])('rejects %s', (text, message) => {
    expect(() => parseIdeaCard(text, 'A')).toThrow(message);
  });
});

describe('parseIdeaCards', () => {
  const set = (cards: unknown[]) => JSON.stringify({ ideas: cards });
  it('accepts a list or {ideas}, in any order', () => {
    const cards = parseIdeaCards(set([card('B'), card('A')]), ['A', 'B']);
    expect(cards.map((c) => c.id)).toEqual(['B', 'A']);
    expect(parseIdeaCards(JSON.stringify([card('A')]), ['A'])[0]!.id).toBe('A');
    const text = ideaCardsJsonText(cards);
    expect(text.startsWith('{\n  "ideas": [')).toBe(true);
  });

  it.each([
    ['{"x": 1}', /expected a list or an object with key 'ideas'$/],
    [set([card('A')]), /wrong number of ideas \(expected=2 got=1\)$/],
    [set([card('A'), card('A')]), /duplicate idea id: A$/],
    [set([card('A'), card('C')]), /idea ids must match expected stable ids \(missing=\['B'\] extra=\['C'\]\)$/],
    [
      set([card('A'), card('B', { options: { composition: ['a', 7], palette: ['a', 'b'], medium: ['m'], mood: ['m'] } })]),
      /ideas\[1\]\.options\.composition\[1\] must be a string$/,
    ],
    [set([card('A'), card('B', { hook: '' })]), /ideas\[1\]\.hook must be a non-empty string$/],
  ])('rejects %s', (text, message) => {
    expect(() => parseIdeaCards(text, ['A', 'B'])).toThrow(/^invalid_idea_cards_json: /);
    expect(() => parseIdeaCards(text, ['A', 'B'])).toThrow(message);
  });

  it('card text lists hook, narrative, avoid items, then option items', () => {
    const c = parseIdeaCard(JSON.stringify(card('A')), 'A');
    expect(ideaCardText(c)).toBe('A hook\nA narrative\nneon\nwide\nlow\nteal\nochre\ngouache\ncalm');
  });
});
