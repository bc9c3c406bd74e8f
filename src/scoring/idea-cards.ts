/**
 * Idea cards (pipeline.md §11.1): the card shape, the single-card and card-set parsers with the
 * spec's exact error messages, the JSON schemas declared as response formats, and the card text
 * used for novelty penalties.
 */
import { z } from 'zod';
import { firstIssue, isPlainObject, parseJsonText, ScoringParseError } from './json-text.js';
import { pyList } from '../inputs/promptBlocks.js';

export interface IdeaCardOptions {
  composition: string[];
  palette: string[];
  medium: string[];
  mood: string[];
}

export interface IdeaCard {
  id: string;
  hook: string;
  narrative: string;
  options: IdeaCardOptions;
  avoid: string[];
}

export const OPTION_MINIMUMS: Readonly<Record<keyof IdeaCardOptions, number>> = {
  composition: 2,
  palette: 2,
  medium: 1,
  mood: 1,
};
const OPTION_KEYS = Object.keys(OPTION_MINIMUMS) as (keyof IdeaCardOptions)[];

const nonEmptyString = (what = 'must be a non-empty string') =>
  z.string({ error: what }).trim().min(1, { error: what });

/**
 * One option list. Single-card parsing drops blank and non-string items before the minimum check;
 * card-set parsing rejects non-string items (`...[<j>] must be a string`) and drops blanks.
 */
function optionList(min: number, strictItems: boolean) {
  const list = 'must be a list[str]';
  const items: z.ZodType<unknown[]> = strictItems
    ? z.array(z.string({ error: 'must be a string' }), { error: list })
    : z.array(z.unknown(), { error: list });
  return items
    .transform((xs: unknown[]) => xs.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()))
    .pipe(z.array(z.string()).min(min, { error: `must have >= ${min} items` }));
}

function cardSchema(strictItems: boolean) {
  return z.object(
    {
      id: nonEmptyString(),
      hook: nonEmptyString(),
      narrative: nonEmptyString(),
      options: z.object(
        {
          composition: optionList(OPTION_MINIMUMS.composition, strictItems),
          palette: optionList(OPTION_MINIMUMS.palette, strictItems),
          medium: optionList(OPTION_MINIMUMS.medium, strictItems),
          mood: optionList(OPTION_MINIMUMS.mood, strictItems),
        },
        { error: 'must be an object' },
      ),
      avoid: z
        .array(z.string({ error: 'must be a string' }), { error: 'must be a list[str] if provided' })
        .optional()
        .transform((xs) => (xs ?? []).map((x) => x.trim()).filter((x) => x !== '')),
    },
    { error: 'expected an object' },
  );
}

const singleCard = cardSchema(false);
const setCard = cardSchema(true);

function fail(prefix: string, message: string): never {
  throw new ScoringParseError(`${prefix}: ${message}`);
}

function toCard(parsed: z.infer<typeof singleCard>): IdeaCard {
  return {
    id: parsed.id,
    hook: parsed.hook,
    narrative: parsed.narrative,
    options: {
      composition: parsed.options.composition,
      palette: parsed.options.palette,
      medium: parsed.options.medium,
      mood: parsed.options.mood,
    },
    avoid: parsed.avoid,
  };
}

/** `parse_idea_card`: the card, `{"idea": card}` or `{"ideas": [card]}` for the expected id. */
export function parseIdeaCard(text: string, expectedId: string): IdeaCard {
  const prefix = 'invalid_idea_card_json';
  const json = parseJsonText(text);
  if (!json.ok) fail(prefix, `JSON parse error: ${json.detail}`);
  let value = json.value;
  if (isPlainObject(value) && 'ideas' in value && !('hook' in value)) {
    const ideas = value.ideas;
    if (!Array.isArray(ideas) || ideas.length !== 1) fail(prefix, 'ideas must be a list with exactly 1 item');
    value = ideas[0];
  } else if (isPlainObject(value) && isPlainObject(value.idea) && !('hook' in value)) {
    value = value.idea;
  }
  if (!isPlainObject(value)) fail(prefix, 'expected an object');
  const id = nonEmptyString().safeParse(value.id);
  if (!id.success) fail(prefix, firstIssue(id.error, ['id']));
  if (id.data !== expectedId) fail(prefix, `wrong id (expected='${expectedId}' got='${id.data}')`);
  const res = singleCard.safeParse(value);
  if (!res.success) fail(prefix, firstIssue(res.error));
  return toCard(res.data);
}

/** `parse_idea_cards`: a list or `{"ideas": [...]}` holding exactly the expected ids (in any order). */
export function parseIdeaCards(text: string, expectedIds: readonly string[]): IdeaCard[] {
  const prefix = 'invalid_idea_cards_json';
  const json = parseJsonText(text);
  if (!json.ok) fail(prefix, `JSON parse error: ${json.detail}`);
  const value = json.value;
  let ideas: unknown;
  if (Array.isArray(value)) ideas = value;
  else if (isPlainObject(value) && 'ideas' in value) ideas = value.ideas;
  else fail(prefix, "expected a list or an object with key 'ideas'");
  if (!Array.isArray(ideas)) fail(prefix, "expected a list or an object with key 'ideas'");
  if (ideas.length !== expectedIds.length) {
    fail(prefix, `wrong number of ideas (expected=${expectedIds.length} got=${ideas.length})`);
  }
  const cards: IdeaCard[] = [];
  const seen = new Set<string>();
  ideas.forEach((item, i) => {
    if (!isPlainObject(item)) fail(prefix, `ideas[${i}] expected an object`);
    const res = setCard.safeParse(item);
    if (!res.success) fail(prefix, firstIssue(res.error, ['ideas', i]));
    if (seen.has(res.data.id)) fail(prefix, `duplicate idea id: ${res.data.id}`);
    seen.add(res.data.id);
    cards.push(toCard(res.data));
  });
  const expected = new Set(expectedIds);
  const missing = expectedIds.filter((id) => !seen.has(id));
  const extra = [...seen].filter((id) => !expected.has(id)).sort();
  if (missing.length > 0 || extra.length > 0) {
    fail(prefix, `idea ids must match expected stable ids (missing=${pyList(missing)} extra=${pyList(extra)})`);
  }
  return cards;
}

/** Card text for novelty penalties: hook, narrative, avoid items, then option items, newline-joined. */
export function ideaCardText(card: IdeaCard): string {
  return [
    card.hook,
    card.narrative,
    ...card.avoid,
    ...card.options.composition,
    ...card.options.palette,
    ...card.options.medium,
    ...card.options.mood,
  ].join('\n');
}

/** JSON schema of one card (root object, closed, every property required). */
export function ideaCardJsonSchema(id: string | readonly string[]): Record<string, unknown> {
  const idSchema = typeof id === 'string' ? { type: 'string', const: id } : { type: 'string', enum: [...id] };
  const list = (min: number) => ({ type: 'array', items: { type: 'string' }, minItems: min });
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'hook', 'narrative', 'options', 'avoid'],
    properties: {
      id: idSchema,
      hook: { type: 'string' },
      narrative: { type: 'string' },
      options: {
        type: 'object',
        additionalProperties: false,
        required: [...OPTION_KEYS],
        properties: Object.fromEntries(OPTION_KEYS.map((k) => [k, list(OPTION_MINIMUMS[k])])),
      },
      avoid: { type: 'array', items: { type: 'string' } },
    },
  };
}

/** JSON schema of the card set `{ideas: card[N]}` with the stable ids. */
export function ideaCardSetJsonSchema(ids: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['ideas'],
    properties: {
      ideas: { type: 'array', items: ideaCardJsonSchema(ids), minItems: ids.length, maxItems: ids.length },
    },
  };
}

/** Assembled card-set text: 2-space-indented `{"ideas": [...]}`. */
export function ideaCardsJsonText(cards: readonly IdeaCard[]): string {
  return JSON.stringify({ ideas: cards }, null, 2);
}
