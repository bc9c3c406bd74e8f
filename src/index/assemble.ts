/**
 * Turns parsed sources into the three registries, the per-experiment summaries, counts and
 * warnings (index.md §3–§4). Pure: everything it needs is passed in, nothing is read here.
 */
import path from 'node:path';
import type { Cell, GenerationRow, ManifestRow, ParsedSource, PlannedRun, PlanRecord, RunLine, Warnings } from './types.js';
import { EXPERIMENT_COLUMNS, IMAGE_COLUMNS, RUN_COLUMNS } from './columns.js';
import { emptyWarnings } from './types.js';
import type { WalkedReport, WalkedSource } from './walk.js';
import { PathMapper } from './paths.js';
import { collapseWhitespace, compareCodePoints, sortByKeys } from './values.js';
import { filledCount, imageId, imageLabel, internRunLine, makeInterner, runId } from './record-helpers.js';
import { summarize, type Experiment, type ExperimentSummary, type PlannedRef } from './experiment-summary.js';
import { rowStream, type RowStream } from './row-stream.js';

export type { ExperimentSummary, VariantSummary } from './experiment-summary.js';
export { rowsOf, streamOf, type RowStream } from './row-stream.js';

export interface AssembleInput {
  root: string;
  /** `interned`: the records' strings were interned while parsing (record-helpers `ip`), so they are not interned again. */
  sources: { src: WalkedSource; parsed: ParsedSource; interned?: boolean }[];
  reports: WalkedReport[];
  present: Set<string>;
}

export interface IndexCounts {
  experiments: number;
  experiment_runs_planned: number;
  manifest_files: number;
  images_titled: number;
  run_index_files: number;
  run_index_entries: number;
  generation_csv_files: number;
  generation_csv_rows: number;
  runs_in_run_registry: number;
  sources_parsed: number;
}

export interface Assembled {
  experiments: ExperimentSummary[];
  experimentRows: RowStream;
  imageRows: RowStream;
  runRows: RowStream;
  counts: IndexCounts;
  warnings: Warnings;
}

export function assemble(input: AssembleInput): Assembled {
  const warnings = emptyWarnings();
  const intern = makeInterner();
  const mapper = new PathMapper(input.root);
  const rel = (p: string | null): string | null => mapper.rel(p);
  const sourceRels = new Set(input.sources.map((s) => s.src.rel));

  const R = new Map<string, RunLine>();
  const runIdsByFile = new Map<string, Set<string>>();
  const M = new Map<string, { row: ManifestRow; file: string }>();
  const manifestIdsByFile = new Map<string, Set<string>>();
  const firstManifestFile = new Map<string, string>();
  const duplicateIds = new Set<string>();
  const G = new Map<string, { row: GenerationRow; file: string; filled: number }>();
  const experiments: Experiment[] = [];
  const P = new Map<string, PlannedRef>();
  let runIndexFiles = 0;
  let manifestFiles = 0;
  let generationFiles = 0;

  for (const { src, parsed, interned } of input.sources) {
    switch (parsed.kind) {
      case 'runs_index': {
        runIndexFiles++;
        const ids = new Set<string>();
        for (const r of parsed.records as RunLine[]) {
          if (!interned) internRunLine(r, intern);
          R.set(r.generation_id, r);
          ids.add(r.generation_id);
        }
        runIdsByFile.set(src.rel, ids);
        warnings.runs_index_errors.push(...parsed.warnings);
        if (parsed.tailWarning) warnings.runs_index_errors.push(parsed.tailWarning);
        break;
      }
      case 'titles_manifest': {
        warnings.titles_manifest_errors.push(...parsed.warnings);
        if (!parsed.accepted) break;
        manifestFiles++;
        const ids = new Set<string>();
        for (const m of parsed.records as ManifestRow[]) {
          if (!interned) {
            m.generation_id = intern(m.generation_id);
            m.created_at = intern(m.created_at);
            m.model = intern(m.model);
            m.size = intern(m.size);
            m.quality = intern(m.quality);
            m.image_path = intern(m.image_path);
          }
          M.set(m.generation_id, { row: m, file: src.rel });
          ids.add(m.generation_id);
          const first = firstManifestFile.get(m.generation_id);
          if (first === undefined) firstManifestFile.set(m.generation_id, src.rel);
          else if (first !== src.rel) duplicateIds.add(m.generation_id);
        }
        manifestIdsByFile.set(src.rel, ids);
        break;
      }
      case 'generations_csv': {
        warnings.generation_csv_errors.push(...parsed.warnings);
        if (!parsed.accepted) break;
        generationFiles++;
        for (const g of parsed.records as GenerationRow[]) {
          if (!interned) {
            g.generation_id = intern(g.generation_id);
            g.created_at = intern(g.created_at);
            g.selected_concepts = intern(g.selected_concepts);
            g.image_path = intern(g.image_path);
          }
          const filled = filledCount(g);
          const prev = G.get(g.generation_id);
          // More non-empty values wins; a tie goes to the later record in scan order.
          if (!prev || filled >= prev.filled) G.set(g.generation_id, { row: g, file: src.rel, filled });
        }
        break;
      }
      case 'experiment_plan': {
        warnings.experiment_plan_errors.push(...parsed.warnings);
        if (!parsed.accepted) break;
        const plan = parsed.records[0] as PlanRecord;
        const dir = path.posix.dirname(src.rel);
        const exp: Experiment = { dir, planRel: src.rel, plan, id: plan.experiment_id ?? path.posix.basename(dir) };
        experiments.push(exp);
        mapper.addExperimentHint(plan.output_root, dir);
        for (const planned of plan.planned) {
          if (!interned) {
            planned.generation_id = intern(planned.generation_id);
            planned.variant_key = intern(planned.variant_key);
            planned.variant_name = intern(planned.variant_name);
            planned.plan = intern(planned.plan);
          }
          P.set(planned.generation_id, { planned, exp });
        }
        break;
      }
    }
  }
  warnings.titles_manifest_duplicate_generation_ids.push(...[...duplicateIds].sort(compareCodePoints));

  const V = new Map<string, { json: string | null; html: string | null }>();
  for (const r of input.reports) {
    const entry = V.get(r.generationId) ?? { json: null, html: null };
    entry[r.format] = r.rel;
    V.set(r.generationId, entry);
  }

  // ---- experiment registry + summaries
  const experimentItems: { exp: Experiment; p: PlannedRun; manifestPath: string | null }[] = [];
  const summaries: ExperimentSummary[] = [];
  for (const exp of experiments) {
    const manifestRel = `${exp.dir}/generated/titles_manifest.csv`;
    const runsIndexRel = `${exp.dir}/logs/runs_index.jsonl`;
    const manifestPath = sourceRels.has(manifestRel) ? manifestRel : null;
    for (const p of exp.plan.planned) experimentItems.push({ exp, p, manifestPath });
    summaries.push(summarize(exp, R, runIdsByFile.get(runsIndexRel), manifestIdsByFile.get(manifestRel), {
      planFull: input.present.has(`${exp.dir}/experiment_plan_full.json`) ? `${exp.dir}/experiment_plan_full.json` : null,
      results: input.present.has(`${exp.dir}/experiment_results.json`) ? `${exp.dir}/experiment_results.json` : null,
      runsIndex: sourceRels.has(runsIndexRel) ? runsIndexRel : null,
      manifest: manifestPath,
    }));
  }

  // Rows are built as value arrays in column order (EXPERIMENT_COLUMNS, IMAGE_COLUMNS, RUN_COLUMNS), not
  // as keyed objects: the CSV writer and the SQLite insert read them by position.
  const experimentRow = ({ exp, p, manifestPath }: (typeof experimentItems)[number]): Cell[] => {
    const r = R.get(p.generation_id);
    const m = M.get(p.generation_id)?.row;
    const art = r?.artifacts;
    return [
      exp.id, // experiment_id
      exp.dir, // experiment_dir
      runId(p), // run_id
      p.generation_id, // generation_id
      p.variant_key, // variant_key
      p.run, // run
      p.seed, // seed
      exp.plan.run_mode, // run_mode
      r?.status ?? 'planned', // status
      r?.created_at ?? m?.created_at ?? null, // created_at
      m?.seq ?? null, // title_seq
      m?.title ?? null, // title
      imageId(m), // image_id
      imageLabel(m), // image_label
      rel(m?.image_path ?? art?.image ?? null), // image_path
      rel(art?.upscaled_image ?? null), // upscaled_image_path
      rel(art?.transcript ?? null), // transcript_path
      rel(art?.final_prompt ?? null), // final_prompt_path
      rel(art?.oplog ?? null), // oplog_path
      manifestPath, // titles_manifest_path
    ];
  };

  // ---- image registry (one row per M)
  const imageRow = (gid: string): Cell[] => {
    const { row: m, file } = M.get(gid)!;
    const r = R.get(gid);
    const p = P.get(gid);
    return [
      gid, // generation_id
      m.seq, // title_seq
      m.title, // title
      imageId(m), // image_id
      imageLabel(m), // image_label
      rel(m.image_path), // image_path
      m.created_at, // created_at
      r?.seed ?? p?.planned.seed ?? m.seed, // seed
      m.model, // model
      m.size, // size
      m.quality, // quality
      file, // manifest_path
      p?.exp.id ?? r?.experiment?.id ?? null, // experiment_id
      p?.exp.dir ?? null, // experiment_dir
      p ? runId(p.planned) : null, // experiment_run_id
      p?.planned.variant_key ?? null, // variant_key
      p?.planned.plan ?? null, // planned_plan
      p?.planned.variant_name ?? null, // planned_variant_name
      r?.run_mode ?? null, // run_mode
      r?.status ?? null, // status
      rel(r?.artifacts.transcript ?? null), // transcript_path
    ];
  };

  // ---- run registry (union of ids)
  const runCreatedAt = (gid: string): string | null => R.get(gid)?.created_at ?? M.get(gid)?.row.created_at ?? G.get(gid)?.row.created_at ?? null;
  const runRow = (gid: string): Cell[] => {
    const r = R.get(gid);
    const mm = M.get(gid);
    const m = mm?.row;
    const gg = G.get(gid);
    const g = gg?.row;
    const p = P.get(gid);
    const v = V.get(gid);
    const art = r?.artifacts;
    const rexp = r?.experiment;
    const tags = rexp?.tags;
    return [
      gid, // generation_id
      r?.created_at ?? m?.created_at ?? g?.created_at ?? null, // created_at (= runCreatedAt)
      r?.seed ?? g?.seed ?? p?.planned.seed ?? m?.seed ?? null, // seed
      r?.status ?? null, // status
      r?.phase ?? null, // phase
      r?.run_mode ?? null, // run_mode
      p?.exp.id ?? rexp?.id ?? null, // experiment_id
      rexp?.variant ?? null, // experiment_variant
      rexp?.notes ?? null, // experiment_notes
      tags && tags.length > 0 ? tags.join('|') : null, // experiment_tags
      p ? runId(p.planned) : null, // experiment_run_id
      p?.planned.variant_key ?? null, // variant_key
      p?.planned.run ?? null, // run
      p?.planned.plan ?? null, // planned_plan
      p?.planned.variant_name ?? null, // planned_variant_name
      m?.seq ?? null, // title_seq
      m?.title ?? null, // title
      imageId(m), // image_id
      imageLabel(m), // image_label
      rel(m?.image_path ?? art?.image ?? g?.image_path ?? null), // image_path
      rel(art?.upscaled_image ?? null), // upscaled_image_path
      rel(art?.transcript ?? null), // transcript_path
      rel(art?.final_prompt ?? null), // final_prompt_path
      rel(art?.oplog ?? null), // oplog_path
      v?.json ?? null, // run_report_json_path
      v?.html ?? null, // run_report_html_path
      mm?.file ?? null, // titles_manifest_path
      gg?.file ?? null, // generations_source_path
      collapseWhitespace(g?.selected_concepts ?? null), // selected_concepts
      collapseWhitespace(g?.final_image_prompt ?? null), // final_image_prompt
    ];
  };

  // Rows are sorted by their keys here and built only while they are written, so a large index
  // never holds all registry rows in memory at once.
  const sortedExperimentItems = sortByKeys(experimentItems, ({ exp, p }) => [
    exp.dir, p.variant_key ?? '', p.run ?? 0, p.generation_id,
  ]);
  const sortedImageIds = sortByKeys([...M.keys()], (gid) => {
    const m = M.get(gid)!;
    return [m.row.created_at ?? '', m.file, m.row.seq ?? 0, gid];
  });
  const runIds = new Set<string>(R.keys());
  for (const ids of [M.keys(), G.keys(), P.keys(), V.keys()]) for (const id of ids) runIds.add(id);
  const sortedRunIds = sortByKeys([...runIds], (gid) => [runCreatedAt(gid) ?? '', gid]);
  runIds.clear();
  const sortedSummaries = sortByKeys(summaries, (s) => [s.experiment_dir], true);

  return {
    experiments: sortedSummaries,
    experimentRows: rowStream(EXPERIMENT_COLUMNS, sortedExperimentItems, experimentRow),
    imageRows: rowStream(IMAGE_COLUMNS, sortedImageIds, imageRow),
    runRows: rowStream(RUN_COLUMNS, sortedRunIds, runRow),
    warnings,
    counts: {
      experiments: experiments.length,
      experiment_runs_planned: sortedExperimentItems.length,
      manifest_files: manifestFiles,
      images_titled: sortedImageIds.length,
      run_index_files: runIndexFiles,
      run_index_entries: R.size,
      generation_csv_files: generationFiles,
      generation_csv_rows: G.size,
      runs_in_run_registry: sortedRunIds.length,
      sources_parsed: 0,
    },
  };
}
