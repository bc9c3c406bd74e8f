/**
 * Helpers exported to experiment plugins (experiments.md §3.1). They are the app's own functions
 * (config merge and paths, pipeline streams, categories), so a planner draws exactly what a run would.
 */
import { randomUUID } from 'node:crypto';
import { localStamp } from '../artifacts/index.js';
import { mergeConfigs, resolvePathValue } from '../config/index.js';
import { stream as pipelineStream, type RandomStream } from '../pipeline/index.js';
import { loadCategories as loadCategoriesTable, selectRandomConcepts as selectConcepts, type CategoryTable } from '../inputs/categories.js';
import { abRandomToken as stageToken } from '../stages/ab/token.js';
import type { JsonObject } from './types.js';

export type { RandomStream, CategoryTable };

/** Deep merge of config overlays (config.md §3: lists replace, `null` deletes, dotted keys never split). */
export function mergeConfig(base: JsonObject, ...overlays: unknown[]): JsonObject {
  return mergeConfigs(base, ...overlays);
}

/** `<prefix>_<YYYYMMDD_HHMMSS>_<uuid4>` */
export function newGenerationId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${localStamp(now)}_${randomUUID()}`;
}

/** Config path rules (config.md §4): `~`, `$VAR`, `builtin:`, relative → against `base`. */
export function resolvePath(value: string, base: string): string {
  return resolvePathValue(value, base);
}

/** Named stream of `seed` (pipeline.md §4). */
export function stream(seed: number, purpose: string): RandomStream {
  return pipelineStream(seed, purpose);
}

export function loadCategories(file: string): CategoryTable {
  return loadCategoriesTable(file);
}

/** Random concepts, one per group (pipeline.md §5.2). */
export function selectRandomConcepts(categories: CategoryTable, s: RandomStream): string[] {
  return selectConcepts(categories, s);
}

/** `RV-<seed>-<roll>` (§6.1): the very function the `ab.random_token` stage calls, so planner and stage agree. */
export function abRandomToken(seed: number, instance = 'ab.random_token'): string {
  return stageToken(seed, instance);
}
