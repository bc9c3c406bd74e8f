/** Evolution thresholds and `--evolution-thresholds` validation (review.md §7.6). */
import { UsageError } from '../../errors.js';
import { isPlainObject } from '../text-utils.js';

export interface EvolutionThresholds {
  candidate_redundancy_seq_ratio: number;
  candidate_redundancy_jaccard: number;
  merge_near_single_candidate_seq_ratio: number;
  merge_near_single_candidate_margin: number;
  merge_near_single_candidate_other_max: number;
  low_delta_merge_seq_ratio: number;
  low_delta_merge_token_change_ratio: number;
  suggestion_adopted_seq_ratio: number;
  suggestion_adopted_jaccard: number;
  provenance_origin_min_score: number;
  max_segment_preview_chars: number;
  max_term_index: number;
  max_node_introduced_terms: number;
}

export const DEFAULT_THRESHOLDS: EvolutionThresholds = {
  candidate_redundancy_seq_ratio: 0.975,
  candidate_redundancy_jaccard: 0.92,
  merge_near_single_candidate_seq_ratio: 0.96,
  merge_near_single_candidate_margin: 0.05,
  merge_near_single_candidate_other_max: 0.92,
  low_delta_merge_seq_ratio: 0.985,
  low_delta_merge_token_change_ratio: 0.05,
  suggestion_adopted_seq_ratio: 0.82,
  suggestion_adopted_jaccard: 0.35,
  provenance_origin_min_score: 0.62,
  max_segment_preview_chars: 240,
  max_term_index: 300,
  max_node_introduced_terms: 24,
};

const INT_KEYS = new Set(['max_segment_preview_chars', 'max_term_index', 'max_node_introduced_terms']);

/** Parse and validate the `--evolution-thresholds` JSON; throws UsageError with the spec's messages. */
export function parseThresholdOverrides(text: string): Partial<EvolutionThresholds> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Invalid --evolution-thresholds JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isPlainObject(value)) throw new UsageError('--evolution-thresholds must be a JSON object');
  const known = Object.keys(DEFAULT_THRESHOLDS).sort();
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!known.includes(k)) throw new UsageError(`Unknown evolution threshold key '${k}'. Known keys: ${known.join(', ')}`);
    const bad = (why: string): never => {
      throw new UsageError(`Invalid evolution threshold '${k}': ${why}`);
    };
    if (typeof v === 'boolean') bad('bool is not allowed');
    if (typeof v !== 'number' || !Number.isFinite(v)) bad('expected a number');
    const n = v as number;
    if (INT_KEYS.has(k)) {
      if (!Number.isInteger(n)) bad('expected an integer');
      if (n <= 0) bad('must be > 0');
    } else if (n < 0 || n > 1) bad('must be in [0, 1]');
    out[k] = n;
  }
  return out as Partial<EvolutionThresholds>;
}

export function effectiveThresholds(overrides: Partial<EvolutionThresholds>): EvolutionThresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides };
}
