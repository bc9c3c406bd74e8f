/**
 * Response formats and their checks (pipeline.md §2.5). A format is what the provider receives
 * (`WireResponseFormat`, compatible with providers/types.ts) plus the kernel-side check.
 */
import * as z from 'zod';
import type { RunContext } from './context.js';
import type { WireJsonSchemaFormat, WireLineTemplateFormat, WireResponseFormat } from './types.js';

/**
 * A semantic validator: return nothing (or null) when valid, a reason string when not, or throw
 * an Error whose message is the reason.
 */
export type FormatValidator<T> = (value: T, ctx: RunContext) => string | null | undefined | void;

export interface JsonSchemaResponseFormat extends WireJsonSchemaFormat {
  validate?: FormatValidator<unknown>;
}

export interface LineTemplateResponseFormat extends WireLineTemplateFormat {
  check: FormatValidator<string>;
}

export type PipelineResponseFormat = JsonSchemaResponseFormat | LineTemplateResponseFormat;

/**
 * Declare a JSON-schema format from a zod schema (use `z.strictObject` so the JSON schema has
 * additionalProperties:false and every property required).
 */
export function jsonSchemaFormat(spec: {
  name: string;
  schema: z.ZodType | Record<string, unknown>;
  validate?: FormatValidator<unknown>;
}): JsonSchemaResponseFormat {
  const schema = spec.schema instanceof z.ZodType ? toWireSchema(spec.schema) : spec.schema;
  return { type: 'json_schema', name: spec.name, schema, ...(spec.validate ? { validate: spec.validate } : {}) };
}

export function lineTemplateFormat(spec: {
  name: string;
  template: WireLineTemplateFormat['template'];
  check: FormatValidator<string>;
}): LineTemplateResponseFormat {
  return { type: 'line_template', name: spec.name, template: spec.template, check: spec.check };
}

function toWireSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** The provider-facing part of a format (functions stripped). */
export function wireFormat(format: PipelineResponseFormat): WireResponseFormat {
  if (format.type === 'json_schema') return { type: 'json_schema', name: format.name, schema: format.schema };
  return { type: 'line_template', name: format.name, template: format.template };
}

/** Remove one surrounding Markdown code fence (```json … ```), if present. */
export function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  const match = /^```[A-Za-z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/.exec(trimmed);
  return match ? match[1]!.trim() : trimmed;
}

const compiled = new WeakMap<object, z.ZodType>();

function zodFor(schema: Record<string, unknown>): z.ZodType {
  let found = compiled.get(schema);
  if (!found) {
    found = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodType;
    compiled.set(schema, found);
  }
  return found;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : '<root>';
  return `${where}: ${issue.message}`;
}

function runValidator<T>(validator: FormatValidator<T>, value: T, ctx: RunContext): string | null {
  try {
    const out = validator(value, ctx);
    return typeof out === 'string' && out ? out : null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Parse JSON text after stripping one code fence; throws with `JSON parse error: <detail>`. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(stripCodeFence(text));
  } catch (err) {
    throw new Error(`JSON parse error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Check a response against its format: the reason it fails, or null when it conforms. */
export function checkResponseFormat(format: PipelineResponseFormat, text: string, ctx: RunContext): string | null {
  if (format.type === 'line_template') return runValidator(format.check, text, ctx);
  let parsed: unknown;
  try {
    parsed = parseJsonText(text);
  } catch (err) {
    return (err as Error).message;
  }
  const result = zodFor(format.schema).safeParse(parsed);
  if (!result.success) return `schema violation: ${result.error.issues.slice(0, 3).map(describeIssue).join('; ')}`;
  return format.validate ? runValidator(format.validate, parsed, ctx) : null;
}
