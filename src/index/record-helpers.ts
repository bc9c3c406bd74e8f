/** Small derivations shared by the registries (run ids, image labels, precedence counts) and string interning. */
import type { GenerationRow, ManifestRow, PlannedRun, RunLine } from './types.js';
import { compareCodePoints } from './values.js';

export function runId(p: PlannedRun): string | null {
  return p.variant_key && p.run !== null ? `${p.variant_key}${p.run}` : null;
}

export function imageId(m: ManifestRow | undefined): string | null {
  return m && m.seq !== null ? `#${String(m.seq).padStart(3, '0')}` : null;
}

export function imageLabel(m: ManifestRow | undefined): string | null {
  const id = imageId(m);
  const title = m?.title ?? null;
  if (id && title) return `${id} - ${title}`;
  return id ?? title;
}

export function distinctValue(values: (string | null)[]): string | string[] | null {
  const set = [...new Set(values.filter((v): v is string => v !== null))];
  if (set.length === 0) return null;
  if (set.length === 1) return set[0]!;
  return set.sort(compareCodePoints);
}

const G_FIELDS = ['created_at', 'seed', 'image_path', 'final_image_prompt', 'selected_concepts'] as const;
export function filledCount(g: GenerationRow): number {
  return G_FIELDS.reduce((n, f) => n + (g[f] !== null && g[f] !== '' ? 1 : 0), 0);
}

/**
 * One shared copy per distinct string: the same generation id, status, model or timestamp appears in
 * several sources, and a large index holds hundreds of thousands of them.
 */
export function makeInterner(): <T extends string | null>(s: T) => T {
  const pool = new Map<string, string>();
  return <T extends string | null>(s: T): T => {
    if (s === null) return s;
    const hit = pool.get(s);
    if (hit !== undefined) return hit as T;
    pool.set(s, s);
    return s;
  };
}

/**
 * Interning while parsing (one pool per `indexStore` call, set by `withParseInterning`): a 50,000-run
 * tree holds each generation id, image path, status, tag and timestamp in several sources, and
 * sharing one copy as the records are parsed keeps the read phase ~50 MB smaller than interning
 * after all sources are read. Indexing is synchronous, so one module-level pool is safe; outside
 * `withParseInterning` strings pass through unchanged.
 */
let parsePool: Map<string, string> | null = null;

export function withParseInterning<T>(fn: () => T): T {
  const outer = parsePool;
  parsePool = new Map();
  try {
    return fn();
  } finally {
    parsePool = outer;
  }
}

/** The shared copy of `s` in the current parse pool (identity when no pool is active). */
export function ip<T extends string | null>(s: T): T {
  if (s === null || parsePool === null) return s;
  const hit = parsePool.get(s);
  if (hit !== undefined) return hit as T;
  parsePool.set(s, s);
  return s;
}

export function internRunLine(r: RunLine, intern: ReturnType<typeof makeInterner>): void {
  r.generation_id = intern(r.generation_id);
  r.created_at = intern(r.created_at);
  r.status = intern(r.status);
  r.phase = intern(r.phase);
  r.run_mode = intern(r.run_mode);
  // The image path usually appears three times (runs_index, manifest, generations CSV): keep one copy.
  r.artifacts.image = intern(r.artifacts.image);
  if (r.experiment) {
    r.experiment.id = intern(r.experiment.id);
    r.experiment.variant = intern(r.experiment.variant);
    r.experiment.notes = intern(r.experiment.notes);
    r.experiment.tags = r.experiment.tags.map((t) => intern(t));
  }
}
