/** Registry columns in order (index.md §4.3–4.5; the image registry keeps the older tool's order). */

export const EXPERIMENT_COLUMNS = [
  'experiment_id', 'experiment_dir', 'run_id', 'generation_id', 'variant_key', 'run', 'seed', 'run_mode', 'status',
  'created_at', 'title_seq', 'title', 'image_id', 'image_label', 'image_path', 'upscaled_image_path', 'transcript_path',
  'final_prompt_path', 'oplog_path', 'titles_manifest_path',
] as const;

export const IMAGE_COLUMNS = [
  'generation_id', 'title_seq', 'title', 'image_id', 'image_label', 'image_path', 'created_at', 'seed', 'model', 'size',
  'quality', 'manifest_path', 'experiment_id', 'experiment_dir', 'experiment_run_id', 'variant_key', 'planned_plan',
  'planned_variant_name', 'run_mode', 'status', 'transcript_path',
] as const;

export const RUN_COLUMNS = [
  'generation_id', 'created_at', 'seed', 'status', 'phase', 'run_mode', 'experiment_id', 'experiment_variant',
  'experiment_notes', 'experiment_tags', 'experiment_run_id', 'variant_key', 'run', 'planned_plan', 'planned_variant_name',
  'title_seq', 'title', 'image_id', 'image_label', 'image_path', 'upscaled_image_path', 'transcript_path',
  'final_prompt_path', 'oplog_path', 'run_report_json_path', 'run_report_html_path', 'titles_manifest_path',
  'generations_source_path', 'selected_concepts', 'final_image_prompt',
] as const;

/** Registry columns stored as SQLite INTEGER (§5). */
export const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['run', 'seed', 'title_seq']);

/** Scalar keys of an experiments_index.json experiment, i.e. the `experiment_summaries` columns (§5). */
export const SUMMARY_COLUMNS = [
  'schema_version', 'experiment_id', 'experiment_name', 'experiment_dir', 'plan_path', 'plan_full_path', 'results_path',
  'runs_index_path', 'titles_manifest_path', 'run_mode', 'base_seed', 'variant_keys', 'variants', 'planned_runs',
  'executed_runs', 'succeeded_runs', 'failed_runs', 'images',
] as const;
export const SUMMARY_INTEGER_COLUMNS: ReadonlySet<string> = new Set([
  'schema_version', 'base_seed', 'planned_runs', 'executed_runs', 'succeeded_runs', 'failed_runs', 'images',
]);
export const SUMMARY_JSON_COLUMNS: ReadonlySet<string> = new Set(['variant_keys', 'variants']);

/** Path columns made absolute in a combined index (§7). */
export const EXPERIMENT_PATH_COLUMNS = [
  'experiment_dir', 'image_path', 'upscaled_image_path', 'transcript_path', 'final_prompt_path', 'oplog_path', 'titles_manifest_path',
] as const;
export const IMAGE_PATH_COLUMNS = ['image_path', 'manifest_path', 'experiment_dir', 'transcript_path'] as const;
export const RUN_PATH_COLUMNS = [
  'image_path', 'upscaled_image_path', 'transcript_path', 'final_prompt_path', 'oplog_path', 'run_report_json_path',
  'run_report_html_path', 'titles_manifest_path', 'generations_source_path',
] as const;
/** Path keys of an experiments_index.json experiment. */
export const SUMMARY_PATH_KEYS = [
  'experiment_dir', 'plan_path', 'plan_full_path', 'results_path', 'runs_index_path', 'titles_manifest_path',
] as const;

/** Columns compared when de-duplicating run and image rows across stores (§7). */
export const DEDUP_COLUMNS = [
  'created_at', 'seed', 'status', 'run_mode', 'image_path', 'transcript_path', 'final_prompt_path', 'oplog_path',
  'run_report_json_path', 'title', 'image_id',
] as const;
