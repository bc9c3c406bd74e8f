import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildNoveltySummary,
  noveltyPenalty,
  NOVELTY_DEFAULTS,
  stopwordSet,
  summarizePrompts,
  type NoveltySummaryEnabled,
} from '../../src/scoring/novelty.js';
import { csvDocument } from '../../src/artifacts/index.js';

const HEADER = ['generation_id', 'selected_concepts', 'final_image_prompt', 'image_path', 'created_at', 'seed'];
const cfg = { ...NOVELTY_DEFAULTS, enabled: true, window: 25 };

function historyFile(prompts: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novelty-'));
  const file = path.join(dir, 'generations_v2.csv');
  const rows = prompts.map((p, i) => ({ generation_id: `g${i}`, selected_concepts: '[]', final_image_prompt: p, image_path: '', created_at: '', seed: i }));
  fs.writeFileSync(file, '\uFEFF' + csvDocument(HEADER, rows));
  return file;
}

describe('df_overlap_v1 summary', () => {
  it('has 73 base stopwords and hashes the sorted set', () => {
    expect(stopwordSet([]).size).toBe(73);
    const s = summarizePrompts([], 0, { ...cfg, stopwords_extra: ['Glow', 'glow', 'amber'] });
    expect(s.stopwords_count).toBe(75);
    expect(s.stopwords_extra).toEqual(['amber', 'glow']);
    expect(s.stopwords_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts document frequency over the last `window` rows, sorts motifs and caps weights', () => {
    const prompts = [
      'old first row sunset sunset',
      ...Array.from({ length: 12 }, (_, i) => `A lone lighthouse at sunset with trees, variant ${i} ${i % 2 ? 'fog' : ''}`),
    ];
    const file = historyFile(prompts);
    const s = buildNoveltySummary(file, { ...cfg, window: 12, df_cap: 10 });
    expect(s.rows_considered).toBe(12);
    expect(s.doc_count).toBe(12);
    expect(s.motifs.slice(0, 4)).toEqual([
      { token: 'lighthouse', df: 12, w: 10 },
      { token: 'lone', df: 12, w: 10 },
      { token: 'sunset', df: 12, w: 10 },
      { token: 'trees', df: 12, w: 10 },
    ]);
    expect(s.motifs.map((m) => m.token)).toContain('fog'); // df 6
    expect(s.motifs.map((m) => m.token)).not.toContain('with'); // stopword
    expect(s.motifs.map((m) => m.token)).not.toContain('old'); // outside the window
    expect(s.motif_counts).toEqual({ sunset: 12, trees: 12 });
    expect(s.top_tokens[0]).toEqual({ token: 'lighthouse', count: 12 });
    expect(s.total_weight).toBe(s.motifs.reduce((a, m) => a + m.w, 0));
  });

  it('treats a missing file as empty history and rejects a bad header', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novelty-'));
    const s = buildNoveltySummary(path.join(dir, 'missing.csv'), cfg);
    expect(s).toMatchObject({ enabled: true, rows_considered: 0, doc_count: 0, motifs: [], total_weight: 0 });
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    expect(() => buildNoveltySummary(empty, cfg)).toThrow('generations csv has no header');
    const wrong = path.join(dir, 'wrong.csv');
    fs.writeFileSync(wrong, 'generation_id,prompt\r\nx,y\r\n');
    expect(() => buildNoveltySummary(wrong, cfg)).toThrow('generations csv missing required column: final_image_prompt');
  });

  it('keeps digits only without alpha_only and drops all-digit tokens', () => {
    const s = summarizePrompts(['r2d2 1999 r2d2', 'r2d2 1999', 'r2d2 1999'], 3, { ...cfg, alpha_only: false });
    expect(s.motifs.map((m) => m.token)).toEqual(['r2d2']);
  });
});

describe('penalty', () => {
  const summary = (motifs: { token: string; df: number; w: number }[]): NoveltySummaryEnabled => ({
    ...summarizePrompts([], 0, cfg),
    motifs,
    total_weight: motifs.reduce((a, m) => a + m.w, 0),
  });
  const sixteen = summary([
    { token: 'lighthouse', df: 8, w: 8 },
    { token: 'harbor', df: 4, w: 4 },
    { token: 'sunset', df: 2, w: 2 },
    { token: 'trees', df: 2, w: 2 },
  ]);

  it('follows the spec example: 4/16 of 20 → 5', () => {
    const d = noveltyPenalty('Trees against a SUNSET sky', sixteen, { max_penalty: 20, scaling: 'linear' });
    expect(d).toEqual({
      penalty: 5,
      max_penalty: 20,
      overlap_weight: 4,
      total_weight: 16,
      overlap_fraction: 0.25,
      top_motifs: [
        { token: 'sunset', w: 2, df: 2 },
        { token: 'trees', w: 2, df: 2 },
      ],
    });
    expect(79 - d.penalty).toBe(74);
  });

  it('scales by sqrt and quadratic, rounding half up', () => {
    expect(noveltyPenalty('trees sunset', sixteen, { max_penalty: 20, scaling: 'sqrt' }).penalty).toBe(10);
    expect(noveltyPenalty('trees sunset', sixteen, { max_penalty: 20, scaling: 'quadratic' }).penalty).toBe(1); // 1.25 → 1
    expect(noveltyPenalty('harbor', sixteen, { max_penalty: 10, scaling: 'linear' }).penalty).toBe(3); // 2.5 → 3
  });

  it('returns reason-only results', () => {
    expect(noveltyPenalty('x', null, { max_penalty: 20, scaling: 'linear' })).toEqual({ penalty: 0, reason: 'invalid_novelty_summary' });
    expect(noveltyPenalty('x', { enabled: false }, { max_penalty: 20, scaling: 'linear' })).toEqual({ penalty: 0, reason: 'invalid_novelty_summary' });
    expect(noveltyPenalty('x', summary([]), { max_penalty: 20, scaling: 'linear' })).toEqual({ penalty: 0, reason: 'no_motifs' });
  });
});
