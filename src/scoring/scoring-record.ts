/**
 * The transcript's `blackbox_scoring` object (pipeline.md §11.6). Each writer fills its part on
 * the run context: prepare (novelty), select_idea_card (selection), the refine loop (prompt_refine).
 */
import type { IdeaSelection } from './idea-selection.js';

export type ScoringObject = Record<string, unknown>;

interface HasScoring {
  blackbox_scoring: Record<string, unknown> | null;
}

/** The run's scoring object, created on first use. */
export function scoringOf(ctx: HasScoring): ScoringObject {
  if (!ctx.blackbox_scoring) ctx.blackbox_scoring = {};
  return ctx.blackbox_scoring;
}

export function addScoringWarning(ctx: HasScoring, message: string): void {
  const sc = scoringOf(ctx);
  const list = Array.isArray(sc.warnings) ? (sc.warnings as string[]) : [];
  list.push(message);
  sc.warnings = list;
}

/** Prepare's part: the summary and `novelty = {method, window, enabled_cfg, enabled_effective}`. */
export function recordPrepare(
  ctx: HasScoring,
  summary: unknown,
  novelty: { method: string; window: number; enabled_cfg: boolean; enabled_effective: boolean },
): void {
  const sc = scoringOf(ctx);
  sc.novelty_summary = summary;
  sc.novelty = { ...novelty };
}

/** select_idea_card's novelty update: adds `{method, window, enabled_cfg, summary_available, missing_summary}`. */
export function recordSelectNovelty(
  ctx: HasScoring,
  info: { method: string; window: number; enabled_cfg: boolean; summary_available: boolean; missing_summary: boolean },
): void {
  const sc = scoringOf(ctx);
  const prev = (sc.novelty && typeof sc.novelty === 'object' ? sc.novelty : {}) as Record<string, unknown>;
  sc.novelty = { ...prev, ...info };
}

export function recordIdeaSelection(
  ctx: HasScoring,
  scoringSeed: number,
  explorationRate: number,
  selection: IdeaSelection,
): void {
  const sc = scoringOf(ctx);
  sc.scoring_seed = scoringSeed;
  sc.exploration_rate = explorationRate;
  sc.exploration_roll = selection.roll;
  sc.selection_mode = selection.mode;
  sc.selected_id = selection.selected.id;
  sc.selected_score = selection.selected.score;
  sc.selected_effective_score = selection.selected.effective_score;
  sc.idea_cards = [...selection.cards];
  sc.score_table = selection.rows.map((r) => ({
    id: r.id,
    score: r.score,
    novelty_penalty: r.novelty_penalty,
    novelty_detail: r.novelty_detail,
    effective_score: r.effective_score,
  }));
}

export interface PromptRefineRecord {
  config_snapshot: Record<string, unknown>;
  seed_output_key: string;
  seed_source: string;
  seed_prompt: string;
  iterations: Record<string, unknown>[];
  final_prompt?: string;
}

export function initPromptRefine(ctx: HasScoring, record: Omit<PromptRefineRecord, 'iterations'>): PromptRefineRecord {
  const full: PromptRefineRecord = { ...record, iterations: [] };
  scoringOf(ctx).prompt_refine = full;
  return full;
}

export function promptRefineOf(ctx: HasScoring): PromptRefineRecord | null {
  const pr = ctx.blackbox_scoring?.prompt_refine;
  return pr && typeof pr === 'object' ? (pr as PromptRefineRecord) : null;
}
