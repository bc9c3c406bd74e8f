/**
 * Make meta and action results JSON-safe (pipeline.md §2.6): depth ≤ 4, ≤ 25 list items or keys,
 * other values as strings.
 */
import type { JsonValue } from './types.js';

export const JSON_SAFE_MAX_DEPTH = 4;
export const JSON_SAFE_MAX_ITEMS = 25;

export function toJsonSafe(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value) || value instanceof Set) {
    if (depth >= JSON_SAFE_MAX_DEPTH) return '<max_depth>';
    const items = [...value];
    const kept: JsonValue[] = items.slice(0, JSON_SAFE_MAX_ITEMS).map((v) => toJsonSafe(v, depth + 1));
    if (items.length > JSON_SAFE_MAX_ITEMS) kept.push(`<${items.length - JSON_SAFE_MAX_ITEMS} more>`);
    return kept;
  }
  if (typeof value === 'object' && (value.constructor === Object || value instanceof Map || Object.getPrototypeOf(value) === null)) {
    if (depth >= JSON_SAFE_MAX_DEPTH) return '<max_depth>';
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of entries.slice(0, JSON_SAFE_MAX_ITEMS)) out[String(k)] = toJsonSafe(v, depth + 1);
    if (entries.length > JSON_SAFE_MAX_ITEMS) out['<more>'] = `<${entries.length - JSON_SAFE_MAX_ITEMS} more>`;
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
