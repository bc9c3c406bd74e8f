/**
 * Novelty `df_overlap_v1` (pipeline.md §11.4): motifs that recur across the recent generations
 * history, and a penalty for a text that repeats them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseCsvText } from '../artifacts/index.js';

export type NoveltyScaling = 'linear' | 'sqrt' | 'quadratic';

/** The novelty knob block (§8.2), shared by prepare, select_idea_card and the refine loop. */
export interface NoveltyConfig {
  enabled: boolean;
  window: number;
  method: 'df_overlap_v1';
  df_min: number;
  max_motifs: number;
  min_token_len: number;
  df_cap: number;
  stopwords_extra: string[];
  max_penalty: number;
  alpha_only: boolean;
  scaling: NoveltyScaling;
}

export const NOVELTY_DEFAULTS: NoveltyConfig = {
  enabled: false,
  window: 0,
  method: 'df_overlap_v1',
  df_min: 3,
  max_motifs: 200,
  min_token_len: 3,
  df_cap: 10,
  stopwords_extra: [],
  max_penalty: 20,
  alpha_only: true,
  scaling: 'linear',
};

export const BASE_STOPWORDS = (
  'a an and are as at be by for from image in into is it its of on or our over prompt that the their these they ' +
  'this those to we with without you your'
).split(' ');
export const SCAFFOLD_STOPWORDS = (
  'avoid background camera composition constraint constraints detail detailed exclude excluding foreground format ' +
  'highly hyperrealistic image include including instruction instructions json lens lighting must output ' +
  'photorealistic prompt realistic render rendered rendering requirement requirements rule rules scene section shot ' +
  'strict style subject'
).split(' ');
const TRACKED_MOTIFS = ['sunset', 'sunrise', 'tree', 'trees', 'ocean', 'moon'];

export interface Motif {
  token: string;
  df: number;
  w: number;
}

export interface NoveltySummaryEnabled {
  enabled: true;
  method: 'df_overlap_v1';
  window: number;
  rows_considered: number;
  doc_count: number;
  df_min: number;
  df_cap: number;
  max_motifs: number;
  min_token_len: number;
  alpha_only: boolean;
  stopwords_extra: string[];
  stopwords_count: number;
  stopwords_hash: string;
  motifs: Motif[];
  motif_counts: Record<string, number>;
  total_weight: number;
  top_tokens: { token: string; count: number }[];
}

export interface NoveltySummaryDisabled {
  enabled: false;
  window: number;
  rows_considered: 0;
  top_tokens: [];
}

export type NoveltySummary = NoveltySummaryEnabled | NoveltySummaryDisabled;

export function disabledSummary(window: number): NoveltySummaryDisabled {
  return { enabled: false, window, rows_considered: 0, top_tokens: [] };
}

function extrasOf(extra: readonly string[]): string[] {
  return [...new Set(extra.map((w) => w.toLowerCase()))].sort();
}

export function stopwordSet(extra: readonly string[]): Set<string> {
  return new Set([...BASE_STOPWORDS, ...SCAFFOLD_STOPWORDS, ...extrasOf(extra)]);
}

export interface TokenizeOptions {
  min_token_len: number;
  alpha_only: boolean;
  stopwords: ReadonlySet<string>;
}

export function tokenize(text: string, opts: TokenizeOptions): string[] {
  const re = opts.alpha_only ? /[a-zA-Z]+/g : /[a-zA-Z0-9]+/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const token = m[0].toLowerCase();
    if (!opts.alpha_only && /^[0-9]+$/.test(token)) continue;
    if (token.length < opts.min_token_len || opts.stopwords.has(token)) continue;
    out.push(token);
  }
  return out;
}

/** Summary over the given prompts (already cut to the window). */
export function summarizePrompts(prompts: readonly string[], rowsConsidered: number, cfg: NoveltyConfig): NoveltySummaryEnabled {
  const stopwords = stopwordSet(cfg.stopwords_extra);
  const opts = { min_token_len: cfg.min_token_len, alpha_only: cfg.alpha_only, stopwords };
  const df = new Map<string, number>();
  for (const prompt of prompts) {
    for (const token of new Set(tokenize(prompt, opts))) df.set(token, (df.get(token) ?? 0) + 1);
  }
  const motifs: Motif[] = [...df.entries()]
    .filter(([, n]) => n >= cfg.df_min)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, cfg.max_motifs)
    .map(([token, n]) => ({ token, df: n, w: Math.min(n, cfg.df_cap) }));
  const sortedStopwords = [...stopwords].sort();
  const motifCounts: Record<string, number> = {};
  for (const t of TRACKED_MOTIFS) if ((df.get(t) ?? 0) > 0) motifCounts[t] = df.get(t)!;
  return {
    enabled: true,
    method: 'df_overlap_v1',
    window: cfg.window,
    rows_considered: rowsConsidered,
    doc_count: prompts.length,
    df_min: cfg.df_min,
    df_cap: cfg.df_cap,
    max_motifs: cfg.max_motifs,
    min_token_len: cfg.min_token_len,
    alpha_only: cfg.alpha_only,
    stopwords_extra: extrasOf(cfg.stopwords_extra),
    stopwords_count: stopwords.size,
    stopwords_hash: createHash('sha256').update(sortedStopwords.join('\n'), 'utf8').digest('hex'),
    motifs,
    motif_counts: motifCounts,
    total_weight: motifs.reduce((s, m) => s + m.w, 0),
    top_tokens: motifs.slice(0, 30).map((m) => ({ token: m.token, count: m.df })),
  };
}

/**
 * Build the summary from the generations history CSV (`final_image_prompt` column, last `window` rows).
 * A missing file is an empty history; a file without header or without the column throws.
 */
export function buildNoveltySummary(csvPath: string, cfg: NoveltyConfig): NoveltySummaryEnabled {
  if (!existsSync(csvPath)) return summarizePrompts([], 0, cfg);
  const { header, rows } = parseCsvText(readFileSync(csvPath, 'utf8'), csvPath);
  if (header.length === 0 || header.every((h) => h.trim() === '')) throw new Error('generations csv has no header');
  if (!header.includes('final_image_prompt')) {
    throw new Error('generations csv missing required column: final_image_prompt');
  }
  const kept = cfg.window > 0 ? rows.slice(-cfg.window) : [];
  const prompts = kept.map((r) => (r.final_image_prompt ?? '').trim()).filter((p) => p !== '');
  return summarizePrompts(prompts, kept.length, cfg);
}

export interface PenaltyDetail {
  penalty: number;
  max_penalty: number;
  overlap_weight: number;
  total_weight: number;
  overlap_fraction: number;
  top_motifs: Motif[];
}

export type PenaltyReason = 'novelty_disabled' | 'invalid_novelty_summary' | 'no_motifs' | 'novelty_missing';
export type PenaltyResult = PenaltyDetail | { penalty: 0; reason: PenaltyReason };

function isEnabledSummary(summary: unknown): summary is NoveltySummaryEnabled {
  if (typeof summary !== 'object' || summary === null) return false;
  const s = summary as Partial<NoveltySummaryEnabled>;
  return s.enabled === true && Array.isArray(s.motifs) && typeof s.total_weight === 'number';
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Penalty of `text` against the summary's motifs, using `max_penalty` and `scaling` of the calling stage. */
export function noveltyPenalty(
  text: string,
  summary: unknown,
  knobs: Pick<NoveltyConfig, 'max_penalty' | 'scaling'>,
): PenaltyResult {
  if (!isEnabledSummary(summary)) return { penalty: 0, reason: 'invalid_novelty_summary' };
  if (summary.motifs.length === 0 || summary.total_weight <= 0) return { penalty: 0, reason: 'no_motifs' };
  const opts = {
    min_token_len: summary.min_token_len ?? NOVELTY_DEFAULTS.min_token_len,
    alpha_only: summary.alpha_only ?? true,
    stopwords: stopwordSet(summary.stopwords_extra ?? []),
  };
  const tokens = new Set(tokenize(text, opts));
  const overlapping = summary.motifs.filter((m) => tokens.has(m.token));
  const overlapWeight = overlapping.reduce((s, m) => s + m.w, 0);
  const frac = clamp(overlapWeight / summary.total_weight, 0, 1);
  const scaled = knobs.scaling === 'sqrt' ? Math.sqrt(frac) : knobs.scaling === 'quadratic' ? frac * frac : frac;
  const penalty = clamp(Math.floor(knobs.max_penalty * scaled + 0.5), 0, knobs.max_penalty);
  const top = [...overlapping]
    .sort((a, b) => b.w - a.w || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0))
    .slice(0, 10)
    .map((m) => ({ token: m.token, w: m.w, df: m.df }));
  return {
    penalty,
    max_penalty: knobs.max_penalty,
    overlap_weight: overlapWeight,
    total_weight: summary.total_weight,
    overlap_fraction: frac,
    top_motifs: top,
  };
}

/** `enabled_cfg` of a novelty block: enabled with a positive window. */
export function noveltyEnabledCfg(cfg: Pick<NoveltyConfig, 'enabled' | 'window'>): boolean {
  return cfg.enabled && cfg.window > 0;
}

export function summaryAvailable(summary: unknown): boolean {
  return isEnabledSummary(summary);
}
