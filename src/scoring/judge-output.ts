/**
 * Judge output (pipeline.md §11.2): `{scores: [{id, score}]}` with one integer 0..100 per candidate.
 * Parser with the spec's messages, and the JSON schema declared as the judge's response format.
 */
import { z } from 'zod';
import { firstIssue, isPlainObject, parseJsonText, preview, ScoringParseError } from './json-text.js';
import { pyList } from '../inputs/promptBlocks.js';

const scoreItem = z.object(
  {
    id: z.string({ error: 'must be a non-empty string' }).trim().min(1, { error: 'must be a non-empty string' }),
    score: z
      .number({ error: 'must be an int' })
      .int({ error: 'must be an int' })
      .min(0, { error: 'must be in [0, 100]' })
      .max(100, { error: 'must be in [0, 100]' }),
  },
  { error: 'must be an object' },
);

function fail(message: string): never {
  throw new ScoringParseError(`invalid_judge_output: ${message}`);
}

/** Parse a judge reply against the candidate ids; returns `{id: score}` in candidate-id order. */
export function parseJudgeOutput(text: string, expectedIds: readonly string[]): Record<string, number> {
  const shown = `preview='${preview(text)}'`;
  const json = parseJsonText(text);
  if (!json.ok) fail(`JSON parse error: ${json.detail}; ${shown}`);
  const value = json.value;
  if (!isPlainObject(value) || !('scores' in value)) fail(`expected object with key 'scores'; ${shown}`);
  const scores = value.scores;
  if (!Array.isArray(scores)) fail(`scores must be a list; ${shown}`);
  const found = new Map<string, number>();
  scores.forEach((item, i) => {
    const res = scoreItem.safeParse(item);
    if (!res.success) fail(firstIssue(res.error, ['scores', i]));
    const id = res.data.id;
    if (found.has(id)) fail(`duplicate id in scores: ${id}`);
    found.set(id, res.data.score);
  });
  const expected = new Set(expectedIds);
  const missing = expectedIds.filter((id) => !found.has(id));
  const extra = [...found.keys()].filter((id) => !expected.has(id)).sort();
  if (missing.length > 0 || extra.length > 0) {
    fail(`score ids must match idea ids (missing=${pyList(missing)} extra=${pyList(extra)})`);
  }
  return Object.fromEntries(expectedIds.map((id) => [id, found.get(id)!]));
}

/** JSON schema of a judge reply for these candidate ids. */
export function judgeJsonSchema(ids: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['scores'],
    properties: {
      scores: {
        type: 'array',
        minItems: ids.length,
        maxItems: ids.length,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'score'],
          properties: {
            id: { type: 'string', enum: [...ids] },
            score: { type: 'integer', minimum: 0, maximum: 100 },
          },
        },
      },
    },
  };
}
