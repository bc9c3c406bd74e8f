/**
 * Stage selectors (pipeline.md §7.2): exact id, else (dot-free) unique suffix `.<sel>`.
 */
import { CompileError } from '../errors.js';

export type SelectorResult = { ok: true; id: string } | { ok: false; reason: 'unknown' | 'ambiguous'; matches: string[] };

/** Resolve without throwing. */
export function matchSelector(selector: string, ids: readonly string[]): SelectorResult {
  if (ids.includes(selector)) return { ok: true, id: selector };
  if (selector.includes('.')) return { ok: false, reason: 'unknown', matches: [] };
  const matches = ids.filter((id) => id.endsWith(`.${selector}`));
  if (matches.length === 1) return { ok: true, id: matches[0]! };
  if (matches.length > 1) return { ok: false, reason: 'ambiguous', matches: [...matches].sort() };
  return { ok: false, reason: 'unknown', matches: [] };
}

/** Resolve a selector against plan instance ids, with the §7.2 messages. */
export function resolveStageSelector(selector: string, ids: readonly string[], path: string, plan: string): string {
  const r = matchSelector(selector, ids);
  if (r.ok) return r.id;
  if (r.reason === 'ambiguous') throw new CompileError(`Ambiguous stage id in ${path}: ${selector} (matches: ${r.matches.join(', ')})`);
  throw new CompileError(`Unknown stage id in ${path}: ${selector} (plan=${plan}, available=${ids.join(', ')})`);
}

/** Validate a selector list (`<path> must contain only strings`, `… must not contain empty strings`). */
export function selectorList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CompileError(`${path} must contain only strings`);
  return value.map((item) => {
    if (typeof item !== 'string') throw new CompileError(`${path} must contain only strings`);
    if (!item.trim()) throw new CompileError(`${path} must not contain empty strings`);
    return item.trim();
  });
}

/** Validate selector mapping keys (`<path> keys must be strings`, `… keys must be non-empty strings`). */
export function selectorMapping(value: unknown, path: string): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw new CompileError(`${path} must be a mapping`);
  if (value instanceof Map) {
    return [...value.entries()].map(([k, v]) => {
      if (typeof k !== 'string') throw new CompileError(`${path} keys must be strings`);
      if (!k.trim()) throw new CompileError(`${path} keys must be non-empty strings`);
      return [k.trim(), v];
    });
  }
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    if (!k.trim()) throw new CompileError(`${path} keys must be non-empty strings`);
    return [k.trim(), v];
  });
}
