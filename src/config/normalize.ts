import { ConfigError } from '../errors.js';
import { isMapping } from './merge.js';
import { resolveKindSelector } from './stageKinds.js';

/**
 * Renames applied to a mapping as it is read (config.md §1): `run-review` → `run_review`, and each
 * `prompt.stage_configs.defaults` key that selects exactly one stage kind → that kind's id. Returns a copy.
 */
export function normalizeConfigMapping(dict: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...dict };
  if ('run-review' in out) {
    if ('run_review' in out) throw new ConfigError('Config cannot specify both run-review and run_review');
    const renamed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(out)) renamed[k === 'run-review' ? 'run_review' : k] = v;
    return normalizeConfigMapping(renamed);
  }
  const prompt = out.prompt;
  if (isMapping(prompt) && isMapping(prompt.stage_configs) && isMapping(prompt.stage_configs.defaults)) {
    const defaults = prompt.stage_configs.defaults;
    const renamed: Record<string, unknown> = {};
    const origin = new Map<string, string>();
    for (const [key, value] of Object.entries(defaults)) {
      const target = resolveKindSelector(key) ?? key;
      const earlier = origin.get(target);
      if (earlier !== undefined) {
        throw new ConfigError(`Duplicate stage config default after normalization: ${earlier} and ${key} both map to ${target}`);
      }
      origin.set(target, key);
      renamed[target] = value;
    }
    out.prompt = { ...prompt, stage_configs: { ...prompt.stage_configs, defaults: renamed } };
  }
  return out;
}

function sets(section: Record<string, unknown>, key: string): boolean {
  return section[key] !== undefined && section[key] !== null;
}

/**
 * The upscale size rule of layering (config.md §1): a file setting `target_width_px`/`target_height_px` drops a lower
 * layer's `target_aspect_ratio`, and a file setting `target_aspect_ratio` drops the lower layer's width/height.
 * Returns the lower layer to merge onto (a copy when something was dropped).
 */
export function dropOverriddenUpscaleSize(lower: Record<string, unknown>, file: Record<string, unknown>): Record<string, unknown> {
  const up = file.upscale;
  const base = lower.upscale;
  if (!isMapping(up) || !isMapping(base)) return lower;
  const next: Record<string, unknown> = { ...base };
  if (sets(up, 'target_width_px') || sets(up, 'target_height_px')) delete next.target_aspect_ratio;
  if (sets(up, 'target_aspect_ratio')) {
    delete next.target_width_px;
    delete next.target_height_px;
  }
  return { ...lower, upscale: next };
}
