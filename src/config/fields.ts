/**
 * Building blocks of the config schema. Each field has a zod `parser` (accepts what config.md §4 accepts, emits
 * the normalised value, reports the exact messages of the spec) and a zod `input` view of what a file may contain
 * (used for the JSON Schema). Messages use `{path}` for the dotted key path, filled in by the parser of the tree.
 */
import { z } from 'zod';
import { cloneConfigData, isMapping, valueTypeName } from './merge.js';
import { resolvePathValue } from './paths.js';

export type UnknownKeyPolicy = 'warn' | 'error' | 'open';

export interface Field<T = unknown> {
  parser: z.ZodType<T>;
  input: z.ZodType;
  /** Children of a mapping section (absent for leaves and open mappings). */
  children?: Record<string, Field>;
  /** How keys not in `children` are treated (sections only). */
  unknownKeys?: UnknownKeyPolicy;
}

/** Thrown inside a coercion; becomes a zod issue with this message. */
export class FieldError extends Error {}

/** Stands for a key absent from its mapping (zod objects hand every declared key to its parser). */
export const MISSING = Symbol('missing');

export function fail(message: string): never {
  throw new FieldError(message);
}

/** A value as it appears in messages: strings raw, everything else as YAML-ish JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

export interface FieldContext {
  workspaceRoot: string;
  env: NodeJS.ProcessEnv;
}

/** Context of the parse in progress (parsing is synchronous, so one slot is enough); paths resolve with it. */
let activeContext: FieldContext | null = null;

export function withFieldContext<T>(ctx: FieldContext, fn: () => T): T {
  const previous = activeContext;
  activeContext = ctx;
  try {
    return fn();
  } finally {
    activeContext = previous;
  }
}

function describe<S extends z.ZodType>(schema: S, description: string, defaultValue?: unknown): S {
  const meta: Record<string, unknown> = { description };
  if (defaultValue !== undefined) meta.default = defaultValue;
  return schema.meta(meta) as S;
}

/**
 * A leaf: `null`/absent → `defaultValue` (null meaning "not set"), anything else through `coerce`.
 * `nullMeaningful`: an explicit null is kept (`providers.text.reasoning_effort`).
 */
export function leaf<T>(
  input: z.ZodType,
  coerce: (value: unknown) => T,
  defaultValue: T | null,
  description: string,
  options: { nullMeaningful?: boolean; jsonDefault?: unknown } = {},
): Field<T | null> {
  const parser = z.unknown().transform((value, ctx): T | null => {
    if (value === undefined || value === MISSING) return defaultValue;
    if (value === null) return options.nullMeaningful ? null : defaultValue;
    try {
      return coerce(value);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      ctx.issues.push({ code: 'custom', message: err.message, input: value });
      return z.NEVER;
    }
  });
  const jsonDefault = options.jsonDefault !== undefined ? options.jsonDefault : defaultValue === null ? undefined : defaultValue;
  return { parser, input: describe(input.nullable(), description, jsonDefault) };
}

const ci = (word: string): string => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
const BOOL_WORDS = ['true', 'false', 'yes', 'no', '1', '0'];
const BOOL_STRING = new RegExp(`^\\s*(${BOOL_WORDS.map(ci).join('|')})\\s*$`);
const INT_STRING = /^\s*[+-]?\d+\s*$/;
const FLOAT_STRING = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Infra boolean (config.md §4): true/false, 0/1, strings true/false/yes/no/1/0 (trimmed, any case). */
export function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s === 'true' || s === 'yes' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === '0') return false;
  }
  return fail(`Invalid boolean for {path}: ${show(value)}`);
}

export function bool(defaultValue: boolean, description: string): Field<boolean> {
  const input = z.union([z.boolean(), z.literal(0), z.literal(1), z.string().regex(BOOL_STRING)]);
  return leaf(input, toBool, defaultValue, description) as Field<boolean>;
}

export interface NumberRule {
  min?: number;
  exclusiveMin?: number;
  max?: number;
  /** Replaces the generic range message (`Invalid config value for {path}: must be ...`). */
  rangeMessage?: string;
}

function checkRange(n: number, rule: NumberRule): number {
  const bad =
    (rule.min !== undefined && n < rule.min) ||
    (rule.exclusiveMin !== undefined && n <= rule.exclusiveMin) ||
    (rule.max !== undefined && n > rule.max);
  if (!bad) return n;
  if (rule.rangeMessage) fail(rule.rangeMessage);
  if (rule.min !== undefined && rule.max !== undefined) fail(`Invalid config value for {path}: must be between ${rule.min} and ${rule.max}`);
  if (rule.exclusiveMin !== undefined) fail(`Invalid config value for {path}: must be > ${rule.exclusiveMin}`);
  if (rule.min !== undefined && n < rule.min) fail(`Invalid config value for {path}: must be >= ${rule.min}`);
  return fail(`Invalid config value for {path}: must be <= ${rule.max}`);
}

/** Infra int: an integral number (`3.0` passes) or a string holding one. */
export function toInt(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && Number.isInteger(value)) return value;
    return fail('Invalid config value for {path}: must be an int');
  }
  if (typeof value === 'string') {
    if (INT_STRING.test(value)) return Number.parseInt(value.trim(), 10);
    return fail('Invalid config value for {path}: must be an int');
  }
  return fail('Invalid config type for {path}: expected int');
}

/** Infra float: a finite number or a numeric string. */
export function toFloat(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && FLOAT_STRING.test(value)) return Number(value.trim());
  return fail('Invalid config value for {path}: must be a float');
}

function numberInput(base: z.ZodNumber, rule: NumberRule, pattern: RegExp): z.ZodType {
  let n = base;
  if (rule.min !== undefined) n = n.min(rule.min);
  if (rule.exclusiveMin !== undefined) n = n.gt(rule.exclusiveMin);
  if (rule.max !== undefined) n = n.max(rule.max);
  return z.union([n, z.string().regex(pattern)]);
}

export function int(defaultValue: number | null, description: string, rule: NumberRule = {}): Field<number | null> {
  return leaf(numberInput(z.int(), rule, INT_STRING), (v) => checkRange(toInt(v), rule), defaultValue, description);
}

export function float(defaultValue: number | null, description: string, rule: NumberRule = {}): Field<number | null> {
  return leaf(numberInput(z.number(), rule, FLOAT_STRING), (v) => checkRange(toFloat(v), rule), defaultValue, description);
}

export function toStr(value: unknown): string {
  if (typeof value !== 'string') fail('Invalid config type for {path}: expected string');
  return value.trim();
}

/** String (trimmed). `emptyIsNull`: an empty string reads as not set. */
export function str(defaultValue: string | null, description: string, options: { emptyIsNull?: boolean } = {}): Field<string | null> {
  return leaf(
    z.string(),
    (v) => {
      const s = toStr(v);
      return options.emptyIsNull && s === '' ? (defaultValue as string) : s;
    },
    defaultValue,
    description,
  );
}

export function enumOf<const T extends string>(
  values: readonly T[],
  defaultValue: T | null,
  description: string,
  options: { lower?: boolean; message?: (v: string) => string; aliases?: Record<string, T>; nullMeaningful?: boolean } = {},
): Field<T | null> {
  const accepted = [...values, ...Object.keys(options.aliases ?? {})];
  const coerce = (value: unknown): T => {
    const raw = typeof value === 'string' ? value.trim() : show(value);
    const v = options.lower ? raw.toLowerCase() : raw;
    if (typeof value === 'string') {
      if ((values as readonly string[]).includes(v)) return v as T;
      const alias = options.aliases?.[v];
      if (alias) return alias;
    }
    return fail(options.message ? options.message(raw) : `Invalid config value for {path}: '${raw}' (expected: ${accepted.join('|')})`);
  };
  return leaf(z.enum(accepted as [string, ...string[]]), coerce, defaultValue, `${description} One of: ${accepted.join(', ')}.`, {
    nullMeaningful: options.nullMeaningful,
  });
}

/** Path (config.md §4): `~`, `$VAR`, `builtin:<rel>`, relative → workspace root; stored absolute. Empty → not set. */
export function pathField(description: string): Field<string | null> {
  return leaf(
    z.string(),
    (v) => {
      const s = toStr(v);
      const ctx = activeContext ?? { workspaceRoot: process.cwd(), env: process.env };
      return s === '' ? (null as unknown as string) : resolvePathValue(s, ctx.workspaceRoot, ctx.env);
    },
    null,
    `${description} Path: ~ and $VAR are expanded, builtin:<rel> names a bundled data file, relative paths resolve against the workspace root.`,
  );
}

/** A list of strings with item messages built by `itemType(i, value)` / `itemEmpty(i)`. */
export function stringList(
  description: string,
  messages: { itemType: (i: number, v: unknown) => string; itemEmpty: (i: number) => string; lower?: boolean },
  defaultValue: string[] | null = [],
): Field<string[] | null> {
  return leaf(
    z.array(z.string().min(1)),
    (v) => {
      if (!Array.isArray(v)) fail('Invalid config type for {path}: expected list');
      return v.map((item, i) => {
        if (typeof item !== 'string') fail(messages.itemType(i, item));
        const s = item.trim();
        if (!s) fail(messages.itemEmpty(i));
        return messages.lower ? s.toLowerCase() : s;
      });
    },
    defaultValue,
    description,
  );
}

/** Mapping whose content is opaque here (stage knobs, runner settings). */
export function openMapping(description: string, valueCheck?: (key: string, value: unknown) => unknown): Field<Record<string, unknown>> {
  return leaf(
    z.record(z.string(), z.unknown()),
    (v) => {
      if (!isMapping(v)) fail(`Invalid config type for {path}: expected mapping`);
      if (!valueCheck) return cloneConfigData(v);
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) out[k] = valueCheck(k, val);
      return out;
    },
    {},
    description,
  ) as Field<Record<string, unknown>>;
}

/** A mapping section with known children; unknown keys are handled by the caller according to `unknownKeys`. */
export function section(children: Record<string, Field>, description: string, unknownKeys: UnknownKeyPolicy = 'warn'): Field<Record<string, unknown>> {
  const parserShape: Record<string, z.ZodType> = {};
  const inputShape: Record<string, z.ZodType> = {};
  for (const [key, child] of Object.entries(children)) {
    parserShape[key] = child.parser;
    inputShape[key] = child.input.optional();
  }
  const parser = z
    .unknown()
    .transform((value, ctx) => {
      const filled: Record<string, unknown> = {};
      for (const key of Object.keys(children)) filled[key] = MISSING;
      if (value === undefined || value === null || value === MISSING) return filled;
      if (!isMapping(value)) {
        ctx.issues.push({ code: 'custom', message: 'Invalid config type for {path}: expected mapping', input: value });
        return z.NEVER;
      }
      return { ...filled, ...value };
    })
    .pipe(z.object(parserShape));
  const obj = unknownKeys === 'open' ? z.looseObject(inputShape) : z.strictObject(inputShape);
  return { parser: parser as unknown as z.ZodType<Record<string, unknown>>, input: describe(obj.nullable(), description), children, unknownKeys };
}

export { valueTypeName };
