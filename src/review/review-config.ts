/** Config defaults for run-review (review.md §1.3): only the three image paths are read. */
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { resolvePathValue } from '../config/paths.js';
import { isPlainObject } from './text-utils.js';
import type { ReviewIO, RunReviewOptions } from './options.js';

export interface ReviewPaths {
  logPath: string | null;
  upscalePath: string | null;
  generationPath: string | null;
}

export function loadReviewPaths(o: RunReviewOptions, io: ReviewIO): ReviewPaths {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const loaded = loadConfig({ configPath: o.configPath ?? null, cwd, env: o.env ?? process.env });
  if (loaded.sources.length > 0) io.out(`run-review: using config ${loaded.sources.join(', ')}`);
  else io.out('run-review: no config file found; using built-in defaults');
  const image = isPlainObject(loaded.dict.image) ? loaded.dict.image : {};
  const root = loaded.meta.workspace_root;
  const get = (k: string): string | null => {
    const v = image[k];
    return typeof v === 'string' && v.trim() !== '' ? resolvePathValue(v, root, o.env ?? process.env) : null;
  };
  return { logPath: get('log_path'), upscalePath: get('upscale_path'), generationPath: get('generation_path') };
}
