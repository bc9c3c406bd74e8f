import { describe, expect, it } from 'vitest';
import { buildRunCompare } from '../../src/review/compare.js';
import { buildRunReport } from '../../src/review/report-build.js';
import { wordDiff } from '../../src/review/word-diff.js';

function rep(id: string, transcript: Record<string, unknown>, oplog: string[]) {
  return buildRunReport({
    cliId: id, transcript: { generation_id: id, ...transcript }, transcriptPath: `/x/${id}_transcript.json`,
    oplogText: oplog.map((m, i) => `2025-12-21 12:00:0${i},000 | INFO | ${m}`).join('\n'), oplogPath: `/x/${id}_oplog.log`,
    missingTranscript: false, missingOplog: false, evolution: false, imageDirs: [], toolVersion: 't',
  });
}

describe('run comparison (review.md §5)', () => {
  it('word diff example gives exactly six ops', () => {
    expect(wordDiff('a snowy village at dusk', 'a quiet village at night')).toEqual({
      diff: [
        { op: 'equal', text: 'a' }, { op: 'delete', text: 'snowy' }, { op: 'insert', text: 'quiet' },
        { op: 'equal', text: 'village at' }, { op: 'delete', text: 'dusk' }, { op: 'insert', text: 'night' },
      ],
      truncated: false,
    });
    expect(wordDiff('same words', 'same words').diff).toEqual([{ op: 'equal', text: 'same words' }]);
  });

  it('huge middles are truncated to one delete + one insert', () => {
    const a = Array.from({ length: 2100 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 2100 }, (_, i) => `b${i}`).join(' ');
    const d = wordDiff(`x ${a} y`, `x ${b} y`);
    expect(d.truncated).toBe(true);
    expect(d.diff.map((o) => o.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
  });

  it('steps, metadata, injector and post-processing differences', () => {
    const expA = { id: 'e', variant: 'A_x', notes: 'n', tags: ['b', 'a', ' '] };
    const expB = { id: 'e', variant: 'B_y', notes: 'n', tags: ['a', 'c'] };
    const a = rep('A1', { experiment: expA, final_image_prompt: 'a snowy village at dusk', outputs: { prompt_pipeline: { requested_plan: 'r', plan: 'p1', capture_stage: 'c1', resolved_stages: ['x'] } }, steps: [{ path: 'pipeline/s/draft', response: 'one two' }, { path: 'pipeline/s/only_a', response: 'z' }] }, [
      'Run started for generation A1', 'Holiday injector: You should adopt it.', 'Step: pipeline/s/draft', 'Received response for pipeline/s/draft (chars=7)', 'upscaling enabled target_long_edge_px=3840', 'Run completed successfully for generation A1',
    ]);
    const b = rep('B1', { experiment: expB, context: { holiday: 'x' }, final_image_prompt: 'a quiet village at night', outputs: { prompt_pipeline: { requested_plan: 'r', plan: 'p2', capture_stage: 'c2', resolved_stages: ['x', 'y'] } }, steps: [{ path: 'pipeline/s/draft', response: 'one three' }, { path: 'pipeline/s/only_b', response: 'q' }] }, [
      'Run started for generation B1', 'Holiday injector: You MUST adopt it.', 'Step: pipeline/s/draft', 'Received response for pipeline/s/draft (chars=9)', 'Upscaling enabled: engine=e target=long_edge=3840', 'Run completed successfully for generation B1',
    ]);
    const c = buildRunCompare(a, b);
    expect(Object.keys(c)).toEqual(['schema_version', 'kind', 'run_a', 'run_b', 'added_steps', 'removed_steps', 'metadata_changes', 'injector_diffs', 'post_processing_diffs', 'final_prompt', 'steps', 'timing', 'images']);
    expect(c.added_steps).toEqual(['pipeline/s/only_b']);
    expect(c.removed_steps).toEqual(['pipeline/s/only_a']);
    expect(Object.keys(c.metadata_changes)).toEqual(['context', 'experiment.variant', 'experiment.tags', 'prompt_pipeline.plan', 'prompt_pipeline.capture_stage', 'prompt_pipeline.resolved_stages']);
    expect(c.metadata_changes['experiment.tags']).toEqual({ run_a: ['a', 'b'], run_b: ['a', 'c'] });
    expect(c.injector_diffs).toContain('Injector adoption strength changed: should -> must');
    expect(c.injector_diffs).toContain('Injector logs added: You MUST adopt it.');
    expect(c.post_processing_diffs).toEqual(['Upscale log format changed: old -> new']);
    expect(c.final_prompt).toMatchObject({ equal: false, a_words: 5, b_words: 5, diff_truncated: false, similarity: 0.6 });
    expect(c.final_prompt.diff).toHaveLength(6);
    expect(c.run_a).toMatchObject({ generation_id: 'A1', variant: 'A_x', outcome: 'success', duration_ms: 5000 });
    expect(c.steps[0]).toMatchObject({ path: 'pipeline/s/draft', occurrence: 0, a_response_chars: 7, b_response_chars: 9, response_chars_delta: 2, a_duration_ms: 1000, b_duration_ms: 1000, duration_ms_delta: 0, response_similarity: 0.5 });
    expect(c.steps.map((s) => s.path)).toEqual(['pipeline/s/draft', 'pipeline/s/only_a', 'pipeline/s/only_b']);
    const same = buildRunCompare(a, a);
    expect(same.final_prompt).toMatchObject({ equal: true, similarity: 1 });
    expect(same.metadata_changes).toEqual({});
  });
});
