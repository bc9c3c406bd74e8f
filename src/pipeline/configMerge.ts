/**
 * Deep merge of stage-config `defaults[kind]` + `instances[id]` (config.md §3): mappings merge key
 * by key, lists and scalars replace, `null` deletes (kept as null so the getter reads "absent"),
 * type clashes fail. Dotted keys are never split.
 */
import { CompileError } from '../errors.js';
import { configTypeName } from './knobs.js';

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergeStageConfig(base: unknown, overlay: unknown, path: string): unknown {
  if (overlay === undefined) return base;
  if (overlay === null || base === undefined || base === null) return overlay;
  if (isMapping(base) && isMapping(overlay)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(overlay)) out[k] = mergeStageConfig(base[k], v, `${path}.${k}`);
    return out;
  }
  const bt = configTypeName(base);
  const ot = configTypeName(overlay);
  const kind = (t: string): string => (t === 'mapping' || t === 'list' ? t : 'scalar');
  if (kind(bt) !== kind(ot)) {
    throw new CompileError(`Invalid stage config merge at ${path}: base is ${bt} but overlay is ${ot}`);
  }
  return overlay;
}
