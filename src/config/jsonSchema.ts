import { z } from 'zod';
import { configFields } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of a config file, generated from the loader's own field tree: every key with the
 * input types config.md §4 accepts, enums, defaults and descriptions; unknown keys rejected where §5 checks them.
 */
export function configJsonSchema(): Record<string, unknown> {
  const fields = configFields();
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(fields)) shape[key] = field.input.optional();
  shape['run-review'] = fields.run_review!.input.optional();
  const root = z.strictObject(shape).meta({
    title: 'image-project config',
    description:
      'A config file layered over the built-in default config (config.md). Holds only what it changes; null deletes a key (its default applies).',
  });
  const schema = z.toJSONSchema(root, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, ...schema };
}
