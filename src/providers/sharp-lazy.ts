/**
 * sharp (libvips, ~100–250 ms to load) is imported on first use only, so processes that never touch
 * pixels (prompt_only runs, `--resume` with nothing to run, most CLI commands) do not pay for it.
 */
import type sharpNs from 'sharp';

type Sharp = typeof sharpNs;
let loaded: Sharp | null = null;

export async function loadSharp(): Promise<Sharp> {
  loaded ??= (await import('sharp')).default;
  return loaded;
}
