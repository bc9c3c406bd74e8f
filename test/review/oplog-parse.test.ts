import { describe, expect, it } from 'vitest';
import { parseKv, parseList } from '../../src/review/kv.js';
import { matchMessage } from '../../src/review/oplog-rules.js';
import { parseOplogText } from '../../src/review/oplog-parse.js';
import { F1_OPLOG, F1_OPLOG_SPACE } from './helpers.js';

describe('oplog parsing (review.md §2.2–§2.4)', () => {
  it.each([
    ['pipe', F1_OPLOG],
    ['space', F1_OPLOG_SPACE],
  ])('F1 in %s format: events, side effect, no unknown lines', (fmt, text) => {
    const p = parseOplogText(text);
    const types = p.events.map((e) => e.type);
    expect(types).toContain('run_start');
    expect(types).toContain('run_end');
    expect(types).toContain('step_start');
    expect(types).toContain('step_end');
    expect(p.sideEffects.map((s) => s.type)).toContain('image_generation_request');
    expect(p.unknownEvents).toEqual([]);
    expect(p.stats.detected_format).toBe(fmt);
    expect(p.stats).toMatchObject({ total_lines: 9, parsed_lines: 9, unparsed_lines: 0, coverage: 1, event_count: 9, unknown_event_count: 0 });
    const up = p.sideEffects.find((s) => s.type === 'upscale');
    expect(up?.data).toMatchObject({ engine: 'e', target: 'long_edge=3840', target_long_edge_px: 3840, format: 'new' });
    const end = p.events.find((e) => e.type === 'step_end');
    expect(end?.data).toMatchObject({ path: 'pipeline/s/consensus_1', chars: 240, response_chars: 240 });
    expect(end?.timestamp).toBe('2025-12-21T12:00:00.900');
  });

  it('parses the older tool setup lines with no unknown lines', () => {
    const lines = [
      'Operational logging initialized for generation g1',
      'Operational log file: /x/g1_oplog.log',
      'Loading prompt data from /x/categories.csv',
      'Loaded 8 category rows',
      'Loading user profile from /x/profile.csv',
      'Loaded 3 user profile rows',
      'Initialized TextAI with model gpt-5.2',
      'Initialized ImageAI',
      "Random concepts selected (raw): ['a, b', \"c\", 'd']",
      "Concepts adjusted after filtering: ['a, b', 'c']",
      'Concept filter dislike_rewrite: input=[3 items] output=[3 items]',
      "Concept filter dislike_rewrite raw response: ['x', 'y']",
      'Generated first prompt (selected_concepts=3)',
      'Assigned image identifier #026 - Neon Winter Rooftop',
    ].map((m, i) => `2025-12-21 12:00:00,${String(i).padStart(3, '0')} | INFO | ${m}`);
    const p = parseOplogText(lines.join('\n'));
    expect(p.unknownEvents).toEqual([]);
    const id = p.sideEffects.find((s) => s.type === 'image_identifier');
    expect(id?.data).toEqual({ seq: 26, title: 'Neon Winter Rooftop' });
    expect(p.sideEffects.find((s) => s.type === 'concepts_raw')?.data).toEqual({ concepts: ['a, b', 'c', 'd'] });
    expect(p.sideEffects.find((s) => s.type === 'concept_filter')?.data).toEqual({ filter: 'dislike_rewrite', input: '[3 items]', output: '[3 items]' });
  });

  it('KV and L follow the §2.4 examples', () => {
    expect(parseKv('target=long_edge=3840 aspect=1.778')).toEqual({ target: 'long_edge=3840', aspect: 1.778 });
    expect(parseKv("a=1 a=2 s='it\\'s' d=\"x y\" big=123456789012345678901")).toEqual({ a: 2, s: "it's", d: 'x y', big: '123456789012345678901' });
    expect(parseList('[\'a, b\', "c"]')).toEqual(['a, b', 'c']);
    expect(parseList("[1, 2.5, True, None, 'x',]")).toEqual([1, 2.5, true, null, 'x']);
    expect(parseList('not a list')).toBe('not a list');
  });

  it('a Step: line with ) or "config … default" inside doc is a step_start with integer KVs', () => {
    const hit = matchMessage('Step: pipeline/a/draft (type=chat, stage_id=a, source=s, doc="Use config (the default) here", context_chars=5, prompt_chars=10, input_chars=15)');
    expect(hit?.type).toBe('step_start');
    expect(hit?.data).toMatchObject({ path: 'pipeline/a/draft', context_chars: 5, prompt_chars: 10, input_chars: 15, doc: 'Use config (the default) here' });
    expect(matchMessage('Completed action pipeline/a/action (stage_id=a, source=inline)')?.type).toBe('step_end');
  });

  it('upscale formats: old vs new', () => {
    expect(matchMessage('upscaling enabled target_long_edge_px=3840')?.data).toEqual({ target_long_edge_px: 3840, format: 'old' });
    expect(matchMessage('Upscaling enabled: engine=lanczos target=long_edge=2048')?.data).toMatchObject({ target_long_edge_px: 2048, format: 'new' });
  });

  it('blank lines are ignored and tracebacks kept verbatim', () => {
    const text = '2025-12-21 12:00:00,000 | ERROR | Run failed during phase prompt (ProviderError: boom)\n\nTraceback (most recent call last):\r\n  File "x", line 1\n';
    const p = parseOplogText(text);
    expect(p.stats.total_lines).toBe(3);
    expect(p.unknownEvents).toEqual(['Traceback (most recent call last):', '  File "x", line 1']);
    expect(p.events[0]?.type).toBe('run_failed');
  });

  it('invalid date-times are unparsed; mixed formats are detected', () => {
    const p = parseOplogText('2025-13-40 12:00:00,000 | INFO | Run started for generation x\n2025-12-21 12:00:00,000 INFO Run ended\n2025-12-21 12:00:00,000 | INFO | Run ended');
    expect(p.stats.parsed_lines).toBe(2);
    expect(p.stats.detected_format).toBe('mixed');
  });

  it('covers the product log lines of generation.md §10, config.md and pipeline.md with rules before 68', () => {
    const msgs = [
      'Loaded config base=/w/config/config.yaml local=/w/config/config.local.yaml',
      'Loaded config from env IMAGE_PROJECT_CONFIG=/w/c.yaml',
      'Loaded config from explicit path=/w/c.yaml',
      'Loaded built-in default config',
      'Loaded built-in default config local=/w/config/config.local.yaml',
      'Experiment: id=e1 variant=A',
      'Unknown config keys: image.foo',
      'Unknown config key: foo',
      'Config key image.upscale_size is ignored for lanczos',
      'Config key prompt.plan is not set; defaulting to standard',
      'Step: pipeline/ab.scene_draft/draft (type=chat, stage_id=ab.scene_draft, source=prompts.x, doc="Draft \\"quoted\\" (x)", context_chars=1, prompt_chars=2, input_chars=3)',
      'Received response for pipeline/a/draft (input_chars=3, chars=10, stage_id=a, source=s, duration_ms=12, input_tokens=5, output_tokens=7)',
      'Step failed: pipeline/a/draft (ProviderError: boom)',
      'Wrote transcript JSON to /w/logs/g_transcript.json',
      'Wrote final prompt text artifact to /w/logs/g_final_prompt.txt',
      'Wrote run_review report to /w/reviews/g_run_report.json',
      'Appended run index entry to /w/logs/runs_index.jsonl (status=error)',
      'Run index append failed: disk full',
      'run_review failed: boom',
      'Artifacts index update failed: nope',
      'Updated artifacts index under /w/_artifacts',
      'Run failed during phase pipeline (ProviderError: boom)',
      'Response format check failed for pipeline/a/draft (attempt 1/3): missing field',
      'offline text request failed (attempt 1/4): simulated error',
      'Uploading /w/x.jpg to remote:album/a via rclone',
      'Upload skipped: rclone not found (ENOENT).',
      'Upload failed (rclone exit=1). Continuing.',
      'Rclone upload failed; image remains at /w/x.jpg',
      'run.mode=prompt_only; skipping media pipeline',
      'Removed stale lock /w/logs/runs_index.jsonl.lock (age_ms=12000)',
    ];
    for (const m of msgs) {
      const hit = matchMessage(m);
      expect(hit, m).not.toBeNull();
      expect(hit!.rule, m).toBeLessThan(68);
    }
  });
});
