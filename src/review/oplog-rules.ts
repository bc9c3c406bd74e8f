/**
 * The message rules of review.md §2.3: case-insensitive, first hit wins. Every oplog message
 * the product writes (config.md, pipeline.md, generation.md) matches a rule before the last one.
 */
import { parseKv, parseList, stripParens } from './kv.js';

export interface RuleHit {
  type: string;
  sideEffect: boolean;
  data: Record<string, unknown>;
  rule: number;
}

type Build = (m: RegExpMatchArray, message: string) => Record<string, unknown>;

interface Rule {
  n: number;
  type: string;
  re: RegExp;
  side?: boolean;
  build: Build;
}

const g = (m: RegExpMatchArray, i: number): string => (m[i] ?? '').trim();
const int = (m: RegExpMatchArray, i: number): number => Number.parseInt(g(m, i), 10);
const detailOrNull = (s: string): string | null => (s === '' ? null : s);
const withKv = (base: Record<string, unknown>, kvText: string): Record<string, unknown> => ({ ...base, ...parseKv(kvText) });

function stepEnd(m: RegExpMatchArray): Record<string, unknown> {
  const data = withKv({ path: g(m, 1) }, stripParens(g(m, 2)));
  if (!('response_chars' in data) && 'chars' in data) data.response_chars = data.chars;
  return data;
}

function promptPlan(m: RegExpMatchArray): Record<string, unknown> {
  const text = g(m, 1);
  const sm = /stages=(\[[^\]]*\])/i.exec(text);
  const rest = sm ? text.slice(0, sm.index) + text.slice(sm.index + sm[0].length) : text;
  const data: Record<string, unknown> = { stages: sm ? parseList(sm[1] as string) : null };
  return { ...data, ...parseKv(rest) };
}

function upscaleNew(m: RegExpMatchArray, message: string): Record<string, unknown> {
  const data = parseKv(g(m, 1));
  if (!('target_long_edge_px' in data)) {
    const a = /upscaling enabled .*target_long_edge_px=(\d+)/i.exec(message) ?? /upscaling .*target=.*?(\d+)/i.exec(message);
    data.target_long_edge_px = a ? Number.parseInt(a[1] as string, 10) : null;
  }
  data.format = /target=/i.test(message) ? 'new' : 'unknown';
  return data;
}

const RULES: Rule[] = [
  { n: 1, type: 'run_start', re: /^Run started for generation\s+(\S+)/i, build: (m) => ({ generation_id: g(m, 1) }) },
  { n: 2, type: 'run_start', re: /^Run started.*generation_id=(\S+)/i, build: (m) => ({ generation_id: g(m, 1) }) },
  { n: 3, type: 'run_end', re: /^Run completed successfully for generation\s+(\S+)/i, build: (m) => ({ generation_id: g(m, 1) }) },
  { n: 4, type: 'run_end', re: /^Run (completed|ended)\b/i, build: () => ({}) },
  { n: 5, type: 'run_failed', re: /^Run failed during phase\s+(\S+)/i, build: (m) => ({ phase: g(m, 1) }) },
  { n: 6, type: 'step_start', re: /^Step:\s+(\S+)(.*)$/i, build: (m) => withKv({ path: g(m, 1) }, stripParens(g(m, 2))) },
  { n: 7, type: 'step_start', re: /^Step start:?\s+(\S+)(.*)$/i, build: (m) => withKv({ path: g(m, 1) }, stripParens(g(m, 2))) },
  { n: 8, type: 'step_end', re: /^(?:Received response for|Step end:?)\s+(\S+)(.*)$/i, build: stepEnd },
  { n: 9, type: 'step_end', re: /^Completed action\s+(\S+)(.*)$/i, build: (m) => withKv({ path: g(m, 1) }, stripParens(g(m, 2))) },
  { n: 10, type: 'step_error', re: /^Step failed:\s+(\S+)(.*)$/i, build: (m) => ({ path: g(m, 1), detail: detailOrNull(stripParens(g(m, 2))) }) },
  { n: 11, type: 'ai_error', re: /^AI text chat failed for step\s+(\S+)/i, build: (m) => ({ path: g(m, 1) }) },
  { n: 12, type: 'seed_selection', re: /generated seed=(\d+)/i, build: (m) => ({ seed: int(m, 1), source: 'generated' }) },
  { n: 13, type: 'seed_selection', re: /Using configured prompt\.random_seed=(\d+)/i, build: (m) => ({ seed: int(m, 1), source: 'configured' }) },
  { n: 14, type: 'seed_selection', re: /Seed (selected|chosen):\s*(\d+)/i, build: (m) => ({ seed: int(m, 2) }) },
  { n: 15, type: 'oplog_init', side: true, re: /^Operational logging initialized for generation\s+(\S+)$/i, build: (m) => ({ generation_id: g(m, 1) }) },
  { n: 16, type: 'oplog_file', side: true, re: /^Operational log file:\s*(.+)/i, build: (m) => ({ path: g(m, 1) }) },
  { n: 17, type: 'data_load', side: true, re: /^Loading prompt data from\s+(.+)/i, build: (m) => ({ kind: 'categories', stage: 'start', path: g(m, 1) }) },
  { n: 18, type: 'data_load', side: true, re: /^Loaded\s+(\d+)\s+category rows$/i, build: (m) => ({ kind: 'categories', stage: 'end', rows: int(m, 1) }) },
  { n: 19, type: 'data_load', side: true, re: /^Loading user profile from\s+(.+)/i, build: (m) => ({ kind: 'user_profile', stage: 'start', path: g(m, 1) }) },
  { n: 20, type: 'data_load', side: true, re: /^Loaded\s+(\d+)\s+user profile rows$/i, build: (m) => ({ kind: 'user_profile', stage: 'end', rows: int(m, 1) }) },
  { n: 21, type: 'ai_init', side: true, re: /^Initialized TextAI with model\s+(\S+)$/i, build: (m) => ({ component: 'TextAI', model: g(m, 1) }) },
  { n: 22, type: 'ai_init', side: true, re: /^Initialized ImageAI$/i, build: () => ({ component: 'ImageAI' }) },
  { n: 23, type: 'image_identifier', side: true, re: /^Assigned image identifier\s+#(\d+)\s*-\s*(.+)/i, build: (m) => ({ seq: int(m, 1), title: g(m, 2) }) },
  { n: 24, type: 'concepts_raw', side: true, re: /^Random concepts selected \(raw\):\s*(.+)/i, build: (m) => ({ concepts: parseList(g(m, 1)) }) },
  { n: 25, type: 'concepts_filtered', side: true, re: /^Concepts adjusted after filtering:\s*(.+)/i, build: (m) => ({ concepts: parseList(g(m, 1)) }) },
  { n: 26, type: 'concepts_filtered', side: true, re: /^Concepts unchanged after filtering\.$/i, build: () => ({ unchanged: true }) },
  { n: 27, type: 'concept_filter', side: true, re: /^Concept filter\s+([\w-]+):\s*input=(.*?)\s+output=(.+)/i, build: (m) => ({ filter: g(m, 1), input: parseList(g(m, 2)), output: parseList(g(m, 3)) }) },
  { n: 28, type: 'concept_filter_raw', side: true, re: /^Concept filter\s+([\w-]+)\s+raw response:\s*(.+)/i, build: (m) => ({ filter: g(m, 1), raw_response: parseList(g(m, 2)) }) },
  { n: 29, type: 'concept_filter_error', side: true, re: /^Concept filter\s+([\w-]+)\s+error:\s*(.+)/i, build: (m) => ({ filter: g(m, 1), detail: g(m, 2) }) },
  { n: 30, type: 'concept_filter_note', side: true, re: /^Concept filter\s+([\w-]+)\s+note:\s*(.+)/i, build: (m) => ({ filter: g(m, 1), detail: g(m, 2) }) },
  { n: 31, type: 'first_prompt_generated', side: true, re: /^Generated first prompt\s*\(selected_concepts=(\d+)\)$/i, build: (m) => ({ selected_concepts: int(m, 1) }) },
  { n: 32, type: 'concepts_selected', side: true, re: /^Selected concepts:\s*(.*)/i, build: (m) => parseKv(g(m, 1)) },
  {
    n: 33, type: 'title_attempt', side: true, re: /^Title attempt\s+(\d+)\s+(\w+)\b:?\s*(.*)/i,
    build: (m) => withKv({ attempt: int(m, 1), status: g(m, 2).toLowerCase(), detail: g(m, 3) }, g(m, 3)),
  },
  { n: 34, type: 'experiment', re: /^Experiment:\s*(.*)/i, build: (m) => parseKv(g(m, 1)) },
  { n: 35, type: 'prompt_plan', re: /^Prompt plan\s+(.*)/i, build: promptPlan },
  { n: 36, type: 'media_skipped', re: /^run\.mode=(\S+); skipping media pipeline/i, build: (m) => ({ mode: g(m, 1) }) },
  { n: 37, type: 'blackbox', re: /^Blackbox (.*)/i, build: (m) => withKv({ detail: g(m, 1) }, g(m, 1)) },
  { n: 38, type: 'candidate_selected', re: /^Selected candidate:\s*(.*)/i, build: (m) => parseKv(g(m, 1)) },
  { n: 39, type: 'novelty', re: /^Novelty (.*)/i, build: (m) => ({ detail: g(m, 1) }) },
  { n: 40, type: 'step_note', re: /^(pipeline\/\S+):\s+(.*)/i, build: (m) => ({ path: g(m, 1), detail: g(m, 2) }) },
  { n: 41, type: 'config_source', re: /^Loaded (config|built-in default config)\b\s*(.*)/i, build: (m) => withKv({ detail: g(m, 2) }, g(m, 2)) },
  { n: 42, type: 'config_warning', re: /^(?:Unknown (?:prompt )?config keys?:|(?:Config key\s+)?\S+ is ignored for\b)/i, build: (_m, msg) => ({ detail: msg }) },
  { n: 43, type: 'config_default', re: /^Config key\s+(\S+)\s+is not set; defaulting to\s+(.*)/i, build: (m) => ({ key: g(m, 1), value: g(m, 2) }) },
  {
    n: 44, type: 'context_injector', re: /^Context injectors enabled:\s*(.*)/i,
    build: (m) => ({ injectors: g(m, 1).split(',').map((s) => s.trim()).filter((s) => s !== '') }),
  },
  { n: 45, type: 'context_injector', re: /^([\w-]+)\s+injector:\s*(.*)/i, build: (m) => ({ injector: g(m, 1).toLowerCase(), detail: g(m, 2) }) },
  { n: 46, type: 'image_generation_request', side: true, re: /^Image generation request sent\s*\((.*)\)$/i, build: (m) => parseKv(g(m, 1)) },
  { n: 47, type: 'image_generation_request', side: true, re: /^image generation request(.*)/i, build: (m) => ({ detail: g(m, 1) }) },
  { n: 48, type: 'image_generation_payload', side: true, re: /^Received image payload length:\s*(\d+)$/i, build: (m) => ({ payload_length: int(m, 1) }) },
  { n: 49, type: 'upscale', side: true, re: /^Upscaling enabled:\s*(.*)/i, build: upscaleNew },
  { n: 50, type: 'upscale', side: true, re: /upscaling enabled .*target_long_edge_px=(\d+)/i, build: (m) => ({ target_long_edge_px: int(m, 1), format: 'old' }) },
  { n: 51, type: 'upscale', side: true, re: /upscaling .*target=.*?(\d+)/i, build: (m) => ({ target_long_edge_px: int(m, 1), format: 'new' }) },
  {
    n: 52, type: 'manifest_append', side: true, re: /^Appended manifest row to\s+(.+?)(?:\s*\(seq=(\d+)\))?$/i,
    build: (m) => (m[2] !== undefined ? { path: g(m, 1), seq: int(m, 2) } : { path: g(m, 1) }),
  },
  { n: 53, type: 'generation_append', side: true, re: /^Appended generation row to\s+(.+)/i, build: (m) => ({ path: g(m, 1) }) },
  {
    n: 54, type: 'run_index_append', side: true, re: /^Appended run index entry to\s+(.+?)(?:\s*\(status=(\w+)\))?$/i,
    build: (m) => (m[2] !== undefined ? { path: g(m, 1), status: g(m, 2) } : { path: g(m, 1) }),
  },
  { n: 55, type: 'index_update', side: true, re: /^Updated artifacts index under\s+(.+)/i, build: (m) => ({ path: g(m, 1) }) },
  { n: 56, type: 'upload', side: true, re: /^Uploading\s+(.+?)\s+to\s+(.+?)\s+via rclone$/i, build: (m) => ({ state: 'begin', file: g(m, 1), dest: g(m, 2) }) },
  { n: 57, type: 'upload', side: true, re: /^Uploaded image via rclone to\s+(.+)/i, build: (m) => ({ state: 'complete', dest: g(m, 1) }) },
  { n: 58, type: 'upload', side: true, re: /^Upload skipped:\s+(.*)/i, build: (m) => ({ state: 'skipped', detail: g(m, 1) }) },
  { n: 59, type: 'upload', side: true, re: /^(?:Upload failed|Rclone upload failed)\b(.*)/i, build: (m) => ({ state: 'error', detail: g(m, 1) }) },
  { n: 60, type: 'file_write', side: true, re: /^Operational log stored at\s+(.+)/i, build: (m) => ({ path: g(m, 1), kind: 'oplog' }) },
  { n: 61, type: 'file_write', side: true, re: /^(Saved|Wrote)\s+(.+?)\s+to\s+(.+)/i, build: (m) => ({ path: g(m, 3), what: g(m, 2), verb: g(m, 1).toLowerCase() }) },
  {
    n: 62, type: 'format_retry', re: /^Response format check failed for\s+(\S+)\s+\(attempt\s+(\d+)\/(\d+)\):\s*(.*)/i,
    build: (m) => ({ path: g(m, 1), attempt: int(m, 2), max_attempts: int(m, 3), detail: g(m, 4) }),
  },
  {
    n: 63, type: 'provider_retry', re: /^(\S+)\s+(text|image) request failed \(attempt\s+(\d+)\/(\d+)\):\s*(.*)/i,
    build: (m) => ({ provider: g(m, 1), kind: g(m, 2), attempt: int(m, 3), max_attempts: int(m, 4), detail: g(m, 5) }),
  },
  { n: 64, type: 'profile_hints', re: /^(?:Generator profile hints:|Loaded generator profile hints from)\s*(.*)/i, build: (m) => withKv({ detail: g(m, 1) }, g(m, 1)) },
  { n: 65, type: 'truncation', re: /^Candidate prompt\(s\) exceeded\s+(.*)/i, build: (m) => withKv({ detail: g(m, 1) }, g(m, 1)) },
  {
    n: 66, type: 'side_effect_failed', side: true,
    re: /^(run_review failed|Run index append failed|Artifacts index update failed|Failed to write transcript)\b:?\s*(.*)/i,
    build: (m) => ({ what: g(m, 1), detail: g(m, 2) }),
  },
  { n: 67, type: 'stale_lock', side: true, re: /^Removed stale lock\s+(\S+)\s*(.*)$/i, build: (m) => withKv({ path: g(m, 1) }, stripParens(g(m, 2))) },
  { n: 68, type: 'config_default', re: /\bConfig\b.*\bdefault/i, build: (_m, msg) => ({ detail: msg }) },
];

export const CATCH_ALL_RULE = 68;

/** Match one trimmed message against the rules; null when none matches. */
export function matchMessage(message: string): RuleHit | null {
  for (const rule of RULES) {
    const m = message.match(rule.re);
    if (m) return { type: rule.type, sideEffect: rule.side === true, data: rule.build(m, message), rule: rule.n };
  }
  return null;
}
