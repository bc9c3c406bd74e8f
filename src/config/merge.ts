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

const TOO_DEEP = Symbol('too deep');

function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function cloneTree(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 64) throw TOO_DEEP; // a cycle (YAML aliases can make one): let structuredClone handle it
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneTree(value[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value); // Date, Map, typed arrays, ...
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, cloneTree((value as Record<string, unknown>)[key], depth + 1));
  return out;
}

/**
 * Deep copy of config data (plain objects, arrays, scalars), the result of `structuredClone` for such data but
 * several times faster (structuredClone serialises and deserialises). Other objects fall back to structuredClone.
 */
export function cloneConfigData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  try {
    return cloneTree(value, 0) as T;
  } catch (err) {
    if (err === TOO_DEEP) return structuredClone(value);
    throw err;
  }
}

function clone<T>(value: T): T {
  return cloneConfigData(value);
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
    // One pass: every base value is copied once (merged or cloned), keys keep base order then new overlay keys.
    const baseMap = base as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const baseKeys = Object.keys(baseMap);
    for (const key of baseKeys) setOwn(out, key, undefined);
    const merged = new Set<string>();
    for (const [key, value] of Object.entries(overlay as Record<string, unknown>)) {
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        out[key] = deepMerge(baseMap[key], value, join(path, key), options);
        merged.add(key);
      } else {
        setOwn(out, key, clone(value));
      }
    }
    for (const key of baseKeys) if (!merged.has(key)) out[key] = clone(baseMap[key]);
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
