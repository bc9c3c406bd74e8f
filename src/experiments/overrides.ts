/** Runner-owned standard overrides (experiments.md §4.3) and the artifacts store root (§4.11). */
import path from 'node:path';
import type { JsonObject, RunMode } from './types.js';

export function standardOverrides(root: string, mode: RunMode, experimentId: string, upscale: boolean, upload: boolean): JsonObject {
  return {
    run: { mode },
    image: {
      log_path: path.join(root, 'logs'),
      generation_path: path.join(root, 'generated'),
      upscale_path: path.join(root, 'upscaled'),
    },
    prompt: {
      generations_path: path.join(root, 'logs', 'generations_v2.csv'),
      titles_manifest_path: path.join(root, 'generated', 'titles_manifest.csv'),
    },
    experiment: { id: experimentId },
    upscale: { enabled: upscale },
    rclone: { enabled: upload },
    run_review: { review_path: path.join(root, 'logs') },
  };
}

/** Output root up to its first component named `_artifacts` (case-insensitive), else null. */
export function artifactsStoreRoot(outputRoot: string): string | null {
  const parts = path.resolve(outputRoot).split(path.sep);
  const i = parts.findIndex((p) => p.toLowerCase() === '_artifacts');
  if (i < 0) return null;
  return parts.slice(0, i + 1).join(path.sep) || path.sep;
}
