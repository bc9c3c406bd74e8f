/**
 * Minimal valid JSON-schema instances for the offline text provider (config.md §7.12): strings from
 * prompt words, numbers inside bounds from a hash of the request, arrays at their exact/minimum
 * length, `const`/`enum` honoured, and judge-like score arrays (items keyed by an enum of candidate
 * ids) with one item per candidate and scores spread across candidates.
 */
import { HashStream, hashUnit } from './offline-words.js';

type Schema = Record<string, unknown>;

interface Spread {
  index: number;
  base: number;
}

interface Ctx {
  root: Schema;
  words: string[];
  stream: HashStream;
  seedText: string;
  cursor: number;
}

const LONG_KEYS = /narrative|description|story|summary|rationale|reason|explanation|prompt|details|scene|text$/i;
const SHORT_KEYS = /hook|title|name|label|headline/i;

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deref(schema: unknown, ctx: Ctx, depth = 0): Schema {
  if (!isObject(schema)) return {};
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#') && depth < 32) {
    let node: unknown = ctx.root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[key] : undefined;
    }
    const { $ref: _ignored, ...rest } = schema;
    return { ...deref(node, ctx, depth + 1), ...rest };
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = { ...schema };
    delete merged.allOf;
    for (const part of schema.allOf) {
      const p = deref(part, ctx, depth + 1);
      const props = { ...(isObject(merged.properties) ? merged.properties : {}), ...(isObject(p.properties) ? p.properties : {}) };
      Object.assign(merged, p, Object.keys(props).length ? { properties: props } : {});
    }
    return merged;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const chosen = options.find((o) => !(isObject(o) && o.type === 'null')) ?? options[0];
      const { [key]: _ignored, ...rest } = schema;
      return { ...rest, ...deref(chosen, ctx, depth + 1) };
    }
  }
  return schema;
}

function schemaType(s: Schema): string {
  const t = s.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const nonNull = t.find((x) => x !== 'null');
    return typeof nonNull === 'string' ? nonNull : 'null';
  }
  if (isObject(s.properties)) return 'object';
  if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
  return 'string';
}

function phrase(ctx: Ctx, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push(ctx.words[ctx.cursor % ctx.words.length] as string);
    ctx.cursor += 1;
  }
  return out.join(' ');
}

function synthString(s: Schema, ctx: Ctx, key: string): string {
  const format = typeof s.format === 'string' ? s.format : '';
  if (format === 'date-time') return '2026-01-01T00:00:00Z';
  if (format === 'date') return '2026-01-01';
  if (format === 'uri' || format === 'url') return `https://example.com/${phrase(ctx, 1)}`;
  if (format === 'email') return `${phrase(ctx, 1)}@example.com`;
  let count = LONG_KEYS.test(key) ? ctx.stream.int(8, 14) : SHORT_KEYS.test(key) ? ctx.stream.int(3, 5) : ctx.stream.int(2, 4);
  let text = phrase(ctx, count);
  if (LONG_KEYS.test(key)) text = `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  const minLength = typeof s.minLength === 'number' ? s.minLength : 1;
  while ([...text].length < minLength && count < 10_000) {
    text = `${text} ${phrase(ctx, 1)}`;
    count += 1;
  }
  if (typeof s.maxLength === 'number' && [...text].length > s.maxLength) {
    const cut = [...text].slice(0, s.maxLength).join('');
    const trimmed = cut.includes(' ') ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
    text = [...trimmed].length >= minLength ? trimmed : cut;
  }
  if (typeof s.pattern === 'string') {
    try {
      const re = new RegExp(s.pattern, 'u');
      if (!re.test(text)) {
        const alt = [text.replace(/[^A-Za-z]/g, ''), text.replace(/\s+/g, '-'), text.replace(/\s+/g, '_'), text.toUpperCase()];
        text = alt.find((a) => re.test(a)) ?? text;
      }
    } catch {
      // An invalid pattern cannot be honoured; the caller's validator reports it.
    }
  }
  return text;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function synthNumber(s: Schema, ctx: Ctx, integer: boolean, spread?: Spread): number {
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  let lo = num('minimum');
  let hi = num('maximum');
  const exLo = num('exclusiveMinimum');
  const exHi = num('exclusiveMaximum');
  const step = integer ? 1 : 0.01;
  if (exLo !== undefined) lo = Math.max(lo ?? -Infinity, integer ? Math.floor(exLo) + 1 : exLo + step);
  if (exHi !== undefined) hi = Math.min(hi ?? Infinity, integer ? Math.ceil(exHi) - 1 : exHi - step);
  if (lo === undefined && hi === undefined) [lo, hi] = [0, 100];
  else if (lo === undefined) lo = (hi as number) - 100;
  else if (hi === undefined) hi = lo + 100;
  let low = lo as number;
  let high = hi as number;
  if (integer) [low, high] = [Math.ceil(low), Math.floor(high)];
  if (high < low) high = low;
  const multipleOf = num('multipleOf');
  if (multipleOf && multipleOf > 0) {
    const first = Math.ceil(low / multipleOf);
    const last = Math.floor(high / multipleOf);
    const n = Math.max(0, last - first);
    const k = spread ? (Math.floor(spread.base * (n + 1)) + spread.index * 7) % (n + 1) : ctx.stream.int(0, n);
    return (first + k) * multipleOf;
  }
  if (integer) {
    const size = high - low + 1;
    if (!spread) return low + Math.floor(ctx.stream.next() * size);
    // Distinct values across candidates: walk the range with a step coprime to its size.
    let stride = Math.max(1, Math.floor(size * 0.37));
    while (gcd(stride, size) !== 1) stride += 1;
    return low + ((Math.floor(spread.base * size) + spread.index * stride) % size);
  }
  const u = spread ? (spread.base + spread.index * 0.618034) % 1 : ctx.stream.next();
  return Math.round((low + u * (high - low)) * 100) / 100;
}

/** The enum of candidate ids in a judge-like item schema (`{id: enum[...], score: …}`). */
function candidateEnum(items: Schema, ctx: Ctx): { key: string; values: unknown[] } | null {
  if (schemaType(items) !== 'object' || !isObject(items.properties)) return null;
  const props = items.properties;
  const hasNumber = Object.values(props).some((p) => ['integer', 'number'].includes(schemaType(deref(p, ctx))));
  if (!hasNumber) return null;
  for (const [key, p] of Object.entries(props)) {
    const d = deref(p, ctx);
    if (Array.isArray(d.enum) && d.enum.length > 0) return { key, values: d.enum };
  }
  return null;
}

function synthArray(s: Schema, ctx: Ctx, path: string): unknown[] {
  const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
  const maxItems = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  const items = deref(s.items, ctx);
  const base = hashUnit(`${ctx.seedText}\u0000${path}`);
  const candidates = prefix.length === 0 ? candidateEnum(items, ctx) : null;
  if (candidates && candidates.values.length >= minItems && candidates.values.length <= maxItems) {
    return candidates.values.map((value, index) => {
      const item = synth(items, ctx, `${path}[${index}]`, '', { index, base }) as Record<string, unknown>;
      item[candidates.key] = value;
      return item;
    });
  }
  const length = Math.max(minItems, prefix.length > 0 && Number.isFinite(maxItems) ? Math.min(prefix.length, maxItems) : minItems);
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < length; i += 1) {
    const itemSchema = i < prefix.length ? deref(prefix[i], ctx) : items;
    let value = synth(itemSchema, ctx, `${path}[${i}]`, '', { index: i, base });
    // uniqueItems (and readability): retry a few times when a value repeats.
    for (let tries = 0; tries < 5 && seen.has(JSON.stringify(value)); tries += 1) {
      value = synth(itemSchema, ctx, `${path}[${i}]`, '', { index: i + (tries + 1) * length, base });
    }
    seen.add(JSON.stringify(value));
    out.push(value);
  }
  return out;
}

function synth(schemaIn: unknown, ctx: Ctx, path: string, key: string, spread?: Spread): unknown {
  const s = deref(schemaIn, ctx);
  if ('const' in s) return structuredClone(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const i = spread ? spread.index % s.enum.length : Math.floor(ctx.stream.next() * s.enum.length);
    return structuredClone(s.enum[i]);
  }
  switch (schemaType(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObject(s.properties) ? s.properties : {};
      for (const [k, p] of Object.entries(props)) out[k] = synth(p, ctx, `${path}.${k}`, k, spread);
      return out;
    }
    case 'array':
      return synthArray(s, ctx, path);
    case 'integer':
      return synthNumber(s, ctx, true, spread);
    case 'number':
      return synthNumber(s, ctx, false, spread);
    case 'boolean':
      return ctx.stream.next() < 0.5;
    case 'null':
      return null;
    default:
      return synthString(s, ctx, key);
  }
}

/**
 * A minimal instance of `schema` built from `words` (salient prompt words, non-empty), deterministic
 * for `seedText` (a digest of the request).
 */
export function synthesizeJson(schema: Record<string, unknown>, words: string[], seedText: string): unknown {
  const stream = new HashStream(`json\u0000${seedText}`);
  const ctx: Ctx = { root: schema, words, stream, seedText, cursor: 0 };
  return synth(schema, ctx, '$', '');
}
