/**
 * Parsed input CSVs cached per absolute path + mtime + size, so the many runs of an experiment parse each
 * categories/profile file once. Cached values are treated as immutable by every reader.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadCategories, loadProfile, preferencesGuidance, profileDislikes, type CategoryTable, type ProfileTable } from '../inputs/index.js';

interface Entry<T> { stamp: string; value: T }

const MAX_ENTRIES = 64;
const categoriesCache = new Map<string, Entry<CategoryTable>>();
const profileCache = new Map<string, Entry<CachedProfile>>();

export interface CachedProfile {
  table: ProfileTable;
  preferencesGuidance: string;
  dislikes: readonly string[];
}

function stampOf(abs: string): string | null {
  try {
    const st = statSync(abs);
    return st.isFile() ? `${st.mtimeMs}:${st.size}` : null;
  } catch {
    return null;
  }
}

function cachedLoad<T>(cache: Map<string, Entry<T>>, file: string, load: (abs: string) => T): T {
  const abs = path.resolve(file);
  const stamp = stampOf(abs);
  if (stamp === null) return load(abs); // the loader reports not found / directory with its own message
  const hit = cache.get(abs);
  if (hit && hit.stamp === stamp) return hit.value;
  const value = load(abs);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(abs, { stamp, value });
  return value;
}

export function cachedCategories(file: string): CategoryTable {
  return cachedLoad(categoriesCache, file, loadCategories);
}

export function cachedProfile(file: string): CachedProfile {
  return cachedLoad(profileCache, file, (abs) => {
    const table = loadProfile(abs);
    return { table, preferencesGuidance: preferencesGuidance(table), dislikes: Object.freeze(profileDislikes(table)) };
  });
}
