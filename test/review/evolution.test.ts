import { describe, expect, it } from 'vitest';
import { parseCritique } from '../../src/review/evolution/critique-parse.js';
import { parseThresholdOverrides } from '../../src/review/evolution/thresholds.js';
import { jaccard, segments, seqRatio } from '../../src/review/evolution/text-metrics.js';
import { buildRunReport } from '../../src/review/report-build.js';
import { F3_STEPS } from './helpers.js';


function f3Report() {
  return buildRunReport({
    cliId: 'f3', transcript: { generation_id: 'f3', context: { holiday: 'Christmas' }, steps: F3_STEPS }, transcriptPath: '/x/f3_transcript.json',
    oplogText: null, oplogPath: null, missingTranscript: false, missingOplog: false, evolution: true, imageDirs: [], toolVersion: 't',
  });
}

describe('evolution analysis (review.md §7)', () => {
  it('text primitives', () => {
    expect(seqRatio('A snowy village with lights.', 'Christmas lights sparkle.')).toBe(0.25);
    expect(jaccard('', '')).toBe(1);
    expect(seqRatio('', '')).toBe(1);
    expect(segments('One. Two!\nThree')).toEqual(['One.', 'Two!', 'Three']);
  });

  it('F3: one section, redundancy, critique uptake, provenance, terms, no issues', () => {
    const r = f3Report();
    expect(r.issues).toEqual([]);
    const secs = (r.evolution as any).sections;
    expect(secs).toHaveLength(1);
    const s = secs[0];
    expect(s.section_key).toBe('pipeline/section');
    expect(s.ordering).toBe('transcript_index');
    expect(s.candidate_similarity).toHaveLength(1);
    expect(s.findings.map((f: any) => f.type)).toEqual(['candidate_redundancy']);
    expect(s.critiques[0]).toMatchObject({ parse_status: 'ok', suggestions_total: 1, adopted_in_candidates_count: 1, adopted_in_merge_count: 1 });
    expect(s.critiques[0].suggestions[0]).toMatchObject({ snippet: 'A snowy village with lights.', extracted_via: 'quote' });
    expect(s.merge_provenance.map((m: any) => [m.origin_kind, m.score])).toEqual([['candidate', 1], ['merge_new', 0.2325]]);
    expect(s.merge_branch_contributions).toEqual({ 'pipeline/section/consensus_1': 0.5, 'pipeline/section/consensus_2': 0 });
    expect(s.critique_provenance_targets).toEqual(['pipeline/section/consensus_1', 'pipeline/section/consensus_2', 'pipeline/section/final_consensus']);
    expect(s.critique_provenance_target_step_indices).toEqual([2, 3, 4]);
    expect(s.critique_provenance_by_critic['pipeline/section/tot_enclave/critic_a']).toEqual({
      'pipeline/section/consensus_1': 1, 'pipeline/section/consensus_2': 1, 'pipeline/section/final_consensus': 0.5,
    });
    expect(s.critique_provenance_unattributed_by_target['pipeline/section/final_consensus']).toBe(0.5);
    expect(Object.values(s.critique_provenance_segments_total_by_target)).toEqual([1, 1, 2]);
    expect(s.term_first_seen.find((t: any) => t.term === 'christmas')).toMatchObject({ injected: true, first_seen_kind: 'merge' });
    expect(s.term_first_seen.find((t: any) => t.term === 'snowy')).toMatchObject({ injected: false, first_seen_kind: 'candidate', first_seen_step_index: 2 });
    expect(Object.keys((r.evolution as any).config.thresholds)).toHaveLength(13);
  });

  it('sections without nodes report evolution_incomplete; inherited base', () => {
    const r = buildRunReport({
      cliId: 'x', transcript: { steps: [{ path: 'pipeline/a/draft', response: 'Alpha text.' }, { path: 'pipeline/b/consensus_1', response: 'Beta.' }, { path: 'pipeline/b/final_consensus', response: 'Beta!' }] },
      transcriptPath: null, oplogText: null, oplogPath: null, missingTranscript: false, missingOplog: false, evolution: true, imageDirs: [], toolVersion: 't',
    });
    const b = (r.evolution as any).sections[1];
    expect(b).toMatchObject({ base_path: 'pipeline/a/draft', base_inherited: true });
    expect(r.issues.map((i) => `${i.severity}:${i.code}:${i.path}`)).toEqual([
      'warn:evolution_incomplete:pipeline/a', 'info:evolution_incomplete:pipeline/a', 'info:evolution_base_inherited:pipeline/b',
    ]);
  });

  it('Edits with Replace/With pairs, bold labels, curly quotes, continuation and nested bullets', () => {
    const text = [
      '## Issues', '- meh', '## Edits:',
      '- **Replace:** "Old opening line here."', '  **With:** \u201CNew opening line.\u201D',
      '- Replace: "Some old detail."', '  With: "New detail."',
      '- Change the opening to:', '  "New opening line two."',
      '- Replace: "Old ending."', '  - With: "Nested new ending."',
      '## Notes', '- ignored "Not a suggestion."',
    ].join('\n');
    const p = parseCritique(text);
    expect(p.suggestions.map((s) => s.snippet)).toEqual(['New opening line.', 'New detail.', 'New opening line two.', 'Nested new ending.']);
    expect(p.suggestions.map((s) => s.extracted_via)).toEqual(['with_quote', 'with_quote', 'continuation_quote', 'with_quote']);
    expect(p.parse_status).toBe('ok');
    expect(parseCritique('no headers').warnings).toEqual(["missing '## Edits' section"]);
    expect(parseCritique('## Edits\nplain').warnings).toEqual(["no bullets found under '## Edits'"]);
    expect(parseCritique(null).warnings).toEqual(['missing critique response']);
    expect(parseCritique("## Edits\n- koi's pond -> brighter koi pond").suggestions[0]).toMatchObject({ snippet: 'brighter koi pond', extracted_via: 'arrow' });
  });

  it('threshold overrides are validated', () => {
    expect(parseThresholdOverrides('{"suggestion_adopted_seq_ratio": 0.75, "max_term_index": 100}')).toEqual({ suggestion_adopted_seq_ratio: 0.75, max_term_index: 100 });
    expect(() => parseThresholdOverrides('{"nope": 1}')).toThrow(/^Unknown evolution threshold key 'nope'\. Known keys: candidate_redundancy_jaccard, /);
    expect(() => parseThresholdOverrides('{"max_term_index": true}')).toThrow("Invalid evolution threshold 'max_term_index': bool is not allowed");
    expect(() => parseThresholdOverrides('{"low_delta_merge_seq_ratio": 2.0}')).toThrow("Invalid evolution threshold 'low_delta_merge_seq_ratio': must be in [0, 1]");
    expect(() => parseThresholdOverrides('{"max_term_index": 0}')).toThrow("Invalid evolution threshold 'max_term_index': must be > 0");
    expect(() => parseThresholdOverrides('{"max_term_index": 1.5}')).toThrow("Invalid evolution threshold 'max_term_index': expected an integer");
    expect(() => parseThresholdOverrides('{"max_term_index": "x"}')).toThrow("Invalid evolution threshold 'max_term_index': expected a number");
    expect(() => parseThresholdOverrides('[1]')).toThrow('--evolution-thresholds must be a JSON object');
    expect(() => parseThresholdOverrides('{')).toThrow(/^Invalid --evolution-thresholds JSON: /);
  });
});
