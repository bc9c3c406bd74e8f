/** Representative response-format schemas (shapes of pipeline.md §8.3 and §11, plus JSON-schema features). */
import type { JsonSchemaFormat } from '../../src/providers/types.js';

const closed = (properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});
const list = (min: number, max?: number) => ({ type: 'array', items: { type: 'string', minLength: 1 }, minItems: min, ...(max ? { maxItems: max } : {}) });
const card = (id: Record<string, unknown>) =>
  closed({
    id,
    hook: { type: 'string' },
    narrative: { type: 'string' },
    options: closed({ composition: list(2), palette: list(2), medium: list(1), mood: list(1) }),
    avoid: { type: 'array', items: { type: 'string' } },
  });
const ids = ['A', 'B', 'C', 'D', 'E', 'F'];

export const REPRESENTATIVE_SCHEMAS: JsonSchemaFormat[] = [
  {
    type: 'json_schema',
    name: 'judge_scores',
    schema: closed({
      scores: {
        type: 'array',
        minItems: ids.length,
        maxItems: ids.length,
        items: closed({ id: { type: 'string', enum: ids }, score: { type: 'integer', minimum: 0, maximum: 100 } }),
      },
    }),
  },
  { type: 'json_schema', name: 'idea_card', schema: card({ type: 'string', const: 'C' }) },
  {
    type: 'json_schema',
    name: 'idea_card_set',
    schema: closed({ ideas: { type: 'array', items: card({ type: 'string', enum: ['A', 'B', 'C'] }), minItems: 3, maxItems: 3 } }),
  },
  {
    type: 'json_schema',
    name: 'scene_spec',
    schema: closed({
      subject: { type: 'string', minLength: 1 },
      setting: { type: 'string', minLength: 1 },
      action: { type: 'string', minLength: 1 },
      composition: { type: 'string', minLength: 1 },
      camera: { type: 'string', minLength: 1 },
      lighting: { type: 'string', minLength: 1 },
      color: { type: 'string', minLength: 1 },
      style: { type: 'string', minLength: 1 },
      text_in_scene: { type: 'string', const: 'RV-S-123456' },
      must_keep: list(3),
      avoid: list(3),
    }),
  },
  { type: 'json_schema', name: 'concepts', schema: closed({ concepts: list(4, 4) }) },
  {
    type: 'json_schema',
    name: 'refs_and_unions',
    schema: {
      ...closed({
        best: { $ref: '#/$defs/candidate' },
        others: { type: 'array', items: { $ref: '#/$defs/candidate' }, minItems: 2 },
        note: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 12 }] },
        maybe: { type: ['string', 'null'] },
        mode: { enum: ['fast', 'slow', 'balanced'] },
        flag: { type: 'boolean' },
      }),
      $defs: { candidate: closed({ label: { type: 'string', pattern: '^[a-z ]+$' }, weight: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } }) },
    },
  },
  {
    type: 'json_schema',
    name: 'numeric_bounds',
    schema: closed({
      low_only: { type: 'integer', minimum: 1000 },
      high_only: { type: 'integer', maximum: -5 },
      stepped: { type: 'integer', minimum: 0, maximum: 100, multipleOf: 5 },
      ratio: { type: 'number', minimum: 0.25, maximum: 0.3 },
      tiny: { type: 'integer', minimum: 7, maximum: 7 },
      unique: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 9 }, minItems: 5, uniqueItems: true },
      long_text: { type: 'string', minLength: 120 },
      short_text: { type: 'string', maxLength: 6 },
    }),
  },
];
