import { ConfigError } from '../errors.js';

/** Type names used in config messages (config.md §3): mapping, list, string, integer, float, boolean, null. */
export function valueTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isInteger(Number(value)) ? 'integer' : 'float';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kind(value: unknown): 'mapping' | 'list' | 'scalar' | 'null' {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isMapping(value)) return 'mapping';
  return 'scalar';
}

export interface MergeOptions {
  /**
   * Builds the error message for a type clash at `dottedPath`. Default:
   * `Invalid config overlay merge at <path>: base is <t> but overlay is <t>`.
   */
  errorMessage?: (dottedPath: string, baseType: string, overlayType: string) => string;
}

/** Error builder for stage configs (`Invalid stage config merge at prompt.stage_configs.<instance>.<key>: …`). */
export const stageConfigMergeError = (dottedPath: string, baseType: string, overlayType: string): string =>
  `Invalid stage config merge at ${dottedPath}: base is ${baseType} but overlay is ${overlayType}`;

const defaultMergeError = (dottedPath: string, baseType: string, overlayType: string): string =>
  `Invalid config overlay merge at ${dottedPath}: base is ${baseType} but overlay is ${overlayType}`;

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * Deep merge of `overlay` onto `base` (config.md §3). Mappings merge key by key; lists and scalars in the overlay
 * replace; an overlay `null` is kept as `null` (it reads like an absent key); a mapping/list/scalar clash throws a
 * `ConfigError` naming the dotted path (`path` is the prefix of the merged values). Keys are never split on dots.
 * Inputs are not modified.
 */
export function deepMerge(base: unknown, overlay: unknown, path = '', options: MergeOptions = {}): unknown {
  const message = options.errorMessage ?? defaultMergeError;
  const b = kind(base);
  const o = kind(overlay);
  if (overlay === undefined) return clone(base);
  if (o === 'null') return null;
  if (b === 'null') return clone(overlay);
  if (b === 'mapping' && o === 'mapping') {
    const out: Record<string, unknown> = clone(base as Record<string, unknown>);
    for (const [key, value] of Object.entries(overlay as Record<string, unknown>)) {
      out[key] = key in out ? deepMerge(out[key], value, join(path, key), options) : clone(value);
    }
    return out;
  }
  if (b === o && b !== 'mapping') return clone(overlay);
  throw new ConfigError(message(path || '<root>', valueTypeName(base), valueTypeName(overlay)));
}

/** Merge several overlays in order (`mergeConfig(base, ...overlays)` of experiments.md §3.1). */
export function mergeConfigs(base: Record<string, unknown>, ...overlays: unknown[]): Record<string, unknown> {
  let out: unknown = base;
  for (const overlay of overlays) out = deepMerge(out, overlay);
  return (isMapping(out) ? out : {}) as Record<string, unknown>;
}
