/** Shapes shared by the indexer: parsed source records, warnings, registry cells (index.md). */

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export type SourceKind = 'runs_index' | 'titles_manifest' | 'generations_csv' | 'experiment_plan';

/** One line of a runs_index.jsonl, reduced to the fields the index uses (generation.md §12). */
export interface RunLine {
  generation_id: string;
  created_at: string | null;
  seed: Cell;
  status: string | null;
  phase: string | null;
  run_mode: string | null;
  experiment: { id: string | null; variant: string | null; notes: string | null; tags: string[] } | null;
  artifacts: {
    image: string | null;
    upscaled_image: string | null;
    transcript: string | null;
    final_prompt: string | null;
    oplog: string | null;
  };
}

/** One titles_manifest.csv row (generation.md §7.2), kept columns only. */
export interface ManifestRow {
  generation_id: string;
  seq: number | null;
  title: string | null;
  image_path: string | null;
  created_at: string | null;
  model: string | null;
  size: string | null;
  quality: string | null;
  seed: number | null;
}

/** One generations_v2.csv row (generation.md §7.3). */
export interface GenerationRow {
  generation_id: string;
  selected_concepts: string | null;
  final_image_prompt: string | null;
  image_path: string | null;
  created_at: string | null;
  seed: Cell;
}

/** One planned run of an experiment plan (experiments.md §5.1), legacy keys resolved. */
export interface PlannedRun {
  generation_id: string;
  variant_key: string | null;
  variant_name: string | null;
  plan: string | null;
  run: number | null;
  seed: number | null;
}

export interface PlanRecord {
  experiment_id: string | null;
  experiment_name: string | null;
  run_mode: string | null;
  base_seed: number | null;
  output_root: string | null;
  planned: PlannedRun[];
}

export type SourceRecord = RunLine | ManifestRow | GenerationRow | PlanRecord;

/**
 * What parsing one source file produced. Append-only kinds also keep how far the file was parsed
 * (`completeBytes`/`completeLines`: end of the last complete line) and their header, so appended
 * bytes can be parsed alone next time (index.md §6).
 */
export interface ParsedSource {
  kind: SourceKind;
  /** False when the file was rejected as a whole (wrong header, unreadable): it counts as no source. */
  accepted: boolean;
  records: SourceRecord[];
  /** Warnings of complete content. */
  warnings: string[];
  /** Warning about an unterminated last line (recomputed when the file grows). */
  tailWarning: string | null;
  completeBytes: number;
  completeLines: number;
  header: string[] | null;
}

export const WARNING_KEYS = [
  'experiment_plan_errors',
  'runs_index_errors',
  'titles_manifest_errors',
  'titles_manifest_duplicate_generation_ids',
  'generation_csv_errors',
] as const;
export type WarningKey = (typeof WARNING_KEYS)[number];
export type Warnings = Record<WarningKey, string[]>;

export function emptyWarnings(): Warnings {
  return {
    experiment_plan_errors: [],
    runs_index_errors: [],
    titles_manifest_errors: [],
    titles_manifest_duplicate_generation_ids: [],
    generation_csv_errors: [],
  };
}

export function hasWarnings(w: Warnings): boolean {
  return WARNING_KEYS.some((k) => w[k].length > 0);
}

/** Error type name for warnings `<path>: <type>: <message>`. */
export function errorTypeName(err: unknown): string {
  if (err instanceof Error) return err.name || err.constructor.name || 'Error';
  return 'Error';
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
