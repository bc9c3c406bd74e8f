/**
 * Upscale target size and method (generation.md §6), with the oplog description of the target.
 */
import { ConfigError } from '../errors.js';
import type { UpscaleConfig } from './config.js';

export type UpscaleMethod = 'copy' | 'lanczos' | 'realesrgan' | 'lanczos_fallback';

export interface UpscaleTarget {
  width: number;
  height: number;
  mode: 'exact' | 'aspect' | 'preserve';
  /** The ratio used in `aspect` mode, else null. */
  aspect: number | null;
  /** `<W>x<H>` | `long_edge=<L> aspect=<r>` | `long_edge=<L> (preserve aspect)` */
  desc: string;
}

const half = (x: number) => Math.floor(x + 0.5);

function invalidRatio(value: unknown): ConfigError {
  const shown = Array.isArray(value) ? JSON.stringify(value) : String(value);
  return new ConfigError(`Invalid aspect ratio for upscale.target_aspect_ratio: ${shown}`);
}

/** `"16:9"`, `"3/2"`, `"1.5"`, `[16, 9]` or a positive number → ratio; null/undefined → null. */
export function parseAspectRatio(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  let ratio: number;
  if (typeof value === 'number') ratio = value;
  else if (Array.isArray(value)) {
    if (value.length !== 2) throw invalidRatio(value);
    const [w, h] = value.map((v) => (typeof v === 'string' ? Number(v.trim()) : Number(v)));
    ratio = (w as number) / (h as number);
    if (!((w as number) > 0 && (h as number) > 0)) throw invalidRatio(value);
  } else if (typeof value === 'string') {
    const m = /^\s*([0-9]*\.?[0-9]+)\s*(?:[:/]\s*([0-9]*\.?[0-9]+))?\s*$/.exec(value);
    if (!m) throw invalidRatio(value);
    const a = Number(m[1]);
    const b = m[2] === undefined ? 1 : Number(m[2]);
    if (!(a > 0 && b > 0)) throw invalidRatio(value);
    ratio = a / b;
  } else throw invalidRatio(value);
  if (!Number.isFinite(ratio) || ratio <= 0) throw invalidRatio(value);
  return ratio;
}

/** 4 significant digits, half up, no trailing zeros (`1.778`). */
export function formatAspect(r: number): string {
  const magnitude = Math.floor(Math.log10(Math.abs(r)));
  const decimals = 3 - magnitude;
  const factor = 10 ** decimals;
  const rounded = half(r * factor) / factor;
  return String(Number(rounded.toFixed(Math.max(0, decimals))));
}

type TargetConfig = Pick<UpscaleConfig, 'target_long_edge_px' | 'target_width_px' | 'target_height_px' | 'target_aspect_ratio'>;

/** Target W×H for a source of sourceWidth×sourceHeight (generation.md §6 table). */
export function computeUpscaleTarget(cfg: Partial<TargetConfig>, sourceWidth: number, sourceHeight: number): UpscaleTarget {
  const longEdge = cfg.target_long_edge_px ?? 3840;
  const w = cfg.target_width_px ?? null;
  const h = cfg.target_height_px ?? null;
  if (w !== null && h !== null) {
    const width = Math.max(1, half(w));
    const height = Math.max(1, half(h));
    return { width, height, mode: 'exact', aspect: null, desc: `${width}x${height}` };
  }
  const ratio = parseAspectRatio(cfg.target_aspect_ratio);
  if (ratio !== null) {
    const [width, height] = ratio >= 1 ? [longEdge, half(longEdge / ratio)] : [half(longEdge * ratio), longEdge];
    return {
      width: Math.max(1, width),
      height: Math.max(1, height),
      mode: 'aspect',
      aspect: ratio,
      desc: `long_edge=${longEdge} aspect=${formatAspect(ratio)}`,
    };
  }
  const srcRatio = sourceWidth / sourceHeight;
  const [width, height] = srcRatio >= 1 ? [longEdge, half(longEdge / srcRatio)] : [half(longEdge * srcRatio), longEdge];
  return {
    width: Math.max(1, width),
    height: Math.max(1, height),
    mode: 'preserve',
    aspect: null,
    desc: `long_edge=${longEdge} (preserve aspect)`,
  };
}

/**
 * The method for a source against its target (first match of generation.md §6):
 * copy → lanczos (already large enough, or engine lanczos) → realesrgan / lanczos_fallback / error.
 */
export function chooseUpscaleMethod(
  cfg: Pick<UpscaleConfig, 'engine' | 'allow_fallback_resize' | 'target_long_edge_px'>,
  target: UpscaleTarget,
  sourceWidth: number,
  sourceHeight: number,
  binaryFound: boolean,
): UpscaleMethod | 'missing_binary' {
  if (sourceWidth === target.width && sourceHeight === target.height) return 'copy';
  if (target.mode === 'preserve' && Math.max(sourceWidth, sourceHeight) >= cfg.target_long_edge_px) return 'copy';
  if ((sourceWidth >= target.width && sourceHeight >= target.height) || cfg.engine === 'lanczos') return 'lanczos';
  if (binaryFound) return 'realesrgan';
  return cfg.allow_fallback_resize ? 'lanczos_fallback' : 'missing_binary';
}
