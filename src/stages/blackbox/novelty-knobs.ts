/** The novelty knob block (pipeline.md §8.2) shared by prepare, select_idea_card and the refine loop. */
import type { KnobReader } from '../../pipeline/knobs.js';
import { NOVELTY_DEFAULTS, type NoveltyConfig } from '../../scoring/novelty.js';

export function readNoveltyKnobs(knobs: KnobReader): NoveltyConfig {
  const n = knobs.mapping('novelty');
  const d = NOVELTY_DEFAULTS;
  return {
    enabled: n.bool('enabled', d.enabled),
    window: n.int('window', { default: d.window, min: 0 }),
    method: n.enum('method', ['df_overlap_v1'] as const, d.method),
    df_min: n.int('df_min', { default: d.df_min, min: 1 }),
    max_motifs: n.int('max_motifs', { default: d.max_motifs, min: 1 }),
    min_token_len: n.int('min_token_len', { default: d.min_token_len, min: 1 }),
    df_cap: n.int('df_cap', { default: d.df_cap, min: 1 }),
    stopwords_extra: n.strList('stopwords_extra', { default: [] }),
    max_penalty: n.int('max_penalty', { default: d.max_penalty, min: 0 }),
    alpha_only: n.bool('alpha_only', d.alpha_only),
    scaling: n.enum('scaling', ['linear', 'sqrt', 'quadratic'] as const, d.scaling),
  };
}
