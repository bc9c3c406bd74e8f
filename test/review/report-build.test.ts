import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunReport, type ReportInputs } from '../../src/review/report-build.js';
import { F1_OPLOG, f1Transcript, tempDir } from './helpers.js';

function report(over: Partial<ReportInputs>) {
  return buildRunReport({
    cliId: 'run123',
    transcript: null,
    transcriptPath: '/nowhere/run123_transcript.json',
    oplogText: null,
    oplogPath: '/nowhere/run123_oplog.log',
    missingTranscript: false,
    missingOplog: false,
    evolution: true,
    imageDirs: [],
    toolVersion: '0.0.0-test',
    ...over,
  });
}

const ts = (ms: number): string => `2025-12-21 12:00:${String(Math.floor(ms / 1000)).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
const line = (ms: number, msg: string, level = 'INFO'): string => `${ts(ms)} | ${level} | ${msg}`;

describe('single-run report model (review.md §3)', () => {
  it('F1: seed, join, timing, outcome, issues', () => {
    const r = report({ transcript: f1Transcript(), oplogText: F1_OPLOG });
    expect(r.metadata.seed).toBe(99);
    expect(r.steps).toHaveLength(1);
    const s = r.steps[0]!;
    expect(s).toMatchObject({ step_index: 0, transcript_index: 0, status: 'ok', oplog_prompt_chars: 90, oplog_response_chars: 240, response_chars: 200 });
    expect(s.timing).toEqual({ start_ts: '2025-12-21T12:00:00.300', end_ts: '2025-12-21T12:00:00.900', duration_ms: 600 });
    expect(r.run_timing).toEqual({ start_ts: '2025-12-21T12:00:00.000', end_ts: '2025-12-21T12:00:03.000', runtime_ms: 3000, outcome: 'success' });
    const codes = r.issues.map((i) => `${i.code}:${i.message}`);
    expect(codes).toContain('concept_filter_noop:Concept filter output matches input');
    expect(codes).toContain('context_injector:enabled=season, holiday');
    expect(codes).toContain('context_injector:You MUST adopt it.');
    expect(Object.keys(r)).toEqual(['schema_version', 'kind', 'metadata', 'steps', 'side_effects', 'issues', 'parser_version', 'tool_version', 'evolution', 'run_timing', 'unknown_events']);
    expect(Object.keys(r.metadata)).toEqual([
      'generation_id', 'seed', 'created_at', 'selected_concepts', 'image_path', 'experiment', 'prompt_pipeline', 'context', 'title_generation',
      'concept_filter_log', 'final_prompt', 'final_prompt_source', 'error', 'oplog_stats', 'artifact_paths',
    ]);
  });

  it('seed falls back to the first seed_selection event', () => {
    const r = report({ transcript: f1Transcript({ seed: undefined }), oplogText: F1_OPLOG });
    expect(r.metadata.seed).toBe(42);
  });

  it('transcript order is authoritative; oplog-only paths appended; occurrences matched in order', () => {
    const steps = ['b', 'a', 'c'].map((n) => ({ name: n, path: `pipeline/x/${n}`, response: n }));
    const r1 = report({ transcript: { generation_id: 'run123', steps }, oplogText: `${line(0, 'Run started for generation run123')}\n` });
    expect(r1.steps.map((s) => s.path)).toEqual(['pipeline/x/b', 'pipeline/x/a', 'pipeline/x/c']);
    expect(r1.steps.every((s) => s.issues.some((i) => i.code === 'unmatched_transcript_step'))).toBe(true);
    expect(r1.steps.every((s) => s.status === 'no_oplog')).toBe(true);

    const twice = [
      line(0, 'Step: pipeline/x/p (prompt_chars=1)'), line(100, 'Received response for pipeline/x/p (chars=2)'),
      line(200, 'Step: pipeline/x/p'), line(500, 'Received response for pipeline/x/p (chars=3)'),
      line(600, 'Step: pipeline/x/only (prompt_chars=4)'), line(700, 'Step end pipeline/x/only'),
      line(800, 'Step: pipeline/x/q'),
    ].join('\n');
    const r2 = report({
      transcript: { generation_id: 'run123', steps: [{ name: 'p', path: 'pipeline/x/p', response: 'r' }, { name: 'p', path: 'pipeline/x/p', response: 'r' }, { step_name: 'q', path: 'pipeline/x/q' }] },
      oplogText: twice,
    });
    expect(r2.steps.map((s) => s.timing.duration_ms)).toEqual([100, 300, null, 100]);
    expect(r2.steps[2]).toMatchObject({ name: 'q', status: 'incomplete' });
    expect(r2.steps[2]!.issues.map((i) => i.code)).toEqual(['step_event_count_mismatch', 'step_missing_end']);
    expect(r2.steps[3]).toMatchObject({ path: 'pipeline/x/only', transcript_index: null, step_index: 3, name: 'only', prompt: null, oplog_prompt_chars: 4 });
    expect(r2.steps[3]!.issues.map((i) => i.code)).toEqual(['unmatched_oplog_step']);
    expect(r2.issues.filter((i) => i.code === 'step_event_count_mismatch').map((i) => i.message)).toEqual(['Oplog has 1 step_start and 0 step_end events for pipeline/x/q']);
  });

  it('failed run: failed step, run_failed, outcome failed, no step_missing_end', () => {
    const op = [
      line(0, 'Run started for generation run123'),
      line(100, 'Step: pipeline/x/draft (prompt_chars=5)'),
      line(200, 'Step failed: pipeline/x/draft (boom)', 'ERROR'),
      line(300, 'Run failed during phase prompt (ProviderError: boom)', 'ERROR'),
      'Traceback (most recent call last):',
    ].join('\n');
    const r = report({ transcript: { generation_id: 'run123', steps: [], error: { type: 'ProviderError', message: 'boom', phase: 'prompt' } }, oplogText: op });
    const p = r.steps.find((s) => s.path === 'pipeline/x/draft')!;
    expect(p.status).toBe('failed');
    expect(p.issues.map((i) => i.code)).toContain('step_failed');
    expect(p.issues.find((i) => i.code === 'step_failed')!.message).toBe('Step failed: pipeline/x/draft: boom');
    expect(p.issues.map((i) => i.code)).not.toContain('step_missing_end');
    expect(r.issues.find((i) => i.code === 'run_failed')!.message).toBe('Run failed during phase prompt: ProviderError: boom');
    expect(r.run_timing.outcome).toBe('failed');
    expect(r.unknown_events).toEqual(['Traceback (most recent call last):']);
  });

  it('coverage banners: 0% error, 80% low coverage, headers but 0 events', () => {
    const zero = report({ transcript: f1Transcript(), oplogText: 'garbage\nmore garbage\n' });
    expect(zero.issues.find((i) => i.code === 'oplog_parse_failed')).toMatchObject({ severity: 'error', message: 'Oplog header parse failed: parsed 0/2 lines (coverage 0.0%).' });
    const eighty = report({ transcript: f1Transcript(), oplogText: `${[0, 1, 2, 3].map((i) => line(i, 'Run ended')).join('\n')}\njunk\n` });
    expect(eighty.issues.find((i) => i.code === 'oplog_low_coverage')!.message).toBe('Oplog header parse coverage low: parsed 4/5 lines (coverage 80.0%).');
    const noEvents = report({ transcript: f1Transcript(), oplogText: `${line(0, 'something nobody logs')}\n` });
    expect(noEvents.issues.find((i) => i.code === 'oplog_parse_failed')).toMatchObject({ severity: 'warn' });
    const empty = report({ transcript: f1Transcript(), oplogText: '\n\n' });
    expect(empty.issues.map((i) => i.code)).toContain('oplog_empty');
  });

  it('metadata fallbacks: experiment / prompt_pipeline / id / step_name; each final prompt source', () => {
    const meta = { metadata: { generation_id: 'm1', experiment: { id: 'e', variant: 'A' }, prompt_pipeline: { capture_stage: 'cap' }, final_prompt: 'from meta' }, steps: [{ step_name: 'n', path: 'pipeline/cap/draft', response: 'cap response' }] };
    const r = report({ cliId: 'm1', transcript: meta });
    expect(r.metadata).toMatchObject({ generation_id: 'm1', experiment: { id: 'e', variant: 'A' }, prompt_pipeline: { capture_stage: 'cap' }, final_prompt: 'from meta', final_prompt_source: 'transcript' });
    expect(r.steps[0]!.name).toBe('n');
    const r2 = report({ cliId: 'unknown', transcript: { id: 'i1', outputs: { prompt_pipeline: { capture_stage: 'cap' } }, steps: [{ path: 'pipeline/cap/draft', response: 'cap response' }, { path: 'pipeline/z/final_consensus', response: 'merge' }] } });
    expect(r2.metadata).toMatchObject({ generation_id: 'i1', final_prompt: 'cap response', final_prompt_source: 'likely_final_step' });
    const r3 = report({ cliId: 'unknown', transcript: { steps: [{ path: 'pipeline/a/consensus_1', response: 'cand' }, { path: 'pipeline/z/final_consensus', response: 'merge' }, { path: 'pipeline/q/x', response: 'other' }] } });
    expect(r3.metadata.final_prompt).toBe('merge');
    const dir = tempDir('fp');
    fs.writeFileSync(path.join(dir, 'g1_final_prompt.txt'), 'from file\n');
    const r4 = report({ cliId: 'g1', transcriptPath: path.join(dir, 'g1_transcript.json'), transcript: { generation_id: 'g1', steps: [] } });
    expect(r4.metadata).toMatchObject({ final_prompt: 'from file', final_prompt_source: 'final_prompt_file' });
    expect(r4.metadata.artifact_paths.final_prompt).toBe(path.join(dir, 'g1_final_prompt.txt'));
  });

  it('transcript issues: mismatch, invalid steps, empty response, large counters', () => {
    const r = report({
      cliId: 'other',
      transcript: { generation_id: 'run123', steps: [42, { path: 'pipeline/a/draft', response: '  ', context_chars: 6000, input_chars: 30000 }] },
    });
    const codes = r.issues.map((i) => i.code);
    expect(codes).toContain('generation_id_mismatch');
    expect(r.issues.find((i) => i.code === 'invalid_transcript_step')!.message).toBe('Transcript step 0 is not an object');
    expect(r.steps[0]!.issues.map((i) => i.code)).toEqual(['empty_response', 'large_context', 'large_input']);
    expect(r.steps[0]!.status).toBe('no_oplog');
    expect(codes).not.toContain('unmatched_transcript_step');
  });

  it('--no-evolution gives evolution null', () => {
    expect(report({ transcript: f1Transcript(), oplogText: F1_OPLOG, evolution: false }).evolution).toBeNull();
  });
});
