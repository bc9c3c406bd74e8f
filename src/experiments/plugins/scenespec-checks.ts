/** Format checks of `ab_scenespec_json_intermediary.analyzeRun` (experiments.md §6.3). */
import type { JsonObject } from '../types.js';

export interface Issue {
  code: string;
  message: string;
}

export const FP_KEYS = ['SUBJECT', 'SETTING', 'ACTION', 'COMPOSITION', 'CAMERA', 'LIGHTING', 'COLOR', 'STYLE', 'TEXT_IN_SCENE', 'AR'] as const;
export const FP_MIN_WORDS: Record<string, number> = {
  SUBJECT: 5, SETTING: 6, ACTION: 5, COMPOSITION: 5, CAMERA: 3, LIGHTING: 3, COLOR: 3, STYLE: 3,
};
export const CLICHES = [
  'masterpiece', 'highly detailed', 'ultra detailed', 'ultra-detailed', 'ultra realistic', 'ultra-realistic', 'hyper realistic',
  'hyper-realistic', 'photorealistic', 'cinematic', 'award-winning', 'epic', 'stunning', 'breathtaking', '8k', 'hdr',
];
export const SS_KEYS = ['subject', 'setting', 'action', 'composition', 'camera', 'lighting', 'color', 'style', 'text_in_scene', 'must_keep', 'avoid'] as const;
const SS_LIST_KEYS = new Set(['must_keep', 'avoid']);
const GENERIC_SUBJECTS = [
  'a person', 'a man', 'a woman', 'a child', 'someone', 'a figure', 'a portrait', 'a scene', 'an object', 'a thing',
  'a landscape', 'a city', 'a building', 'a creature', 'an animal',
];

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

export function checkFinalPrompt(text: string | null | undefined, token: string | null): JsonObject {
  const raw = (text ?? '').trim();
  if (!raw) return { ok: false, issues: [{ code: 'final_prompt_missing', message: 'Final prompt is empty or missing' }] };
  const issues: Issue[] = [];
  const segments = raw.split(' | ').map((s) => s.trim());
  const n = segments.length;
  if (/[\r\n]/.test(raw)) issues.push({ code: 'final_prompt_multiline', message: 'Final prompt contains newline(s)' });
  if (n !== FP_KEYS.length) issues.push({ code: 'final_prompt_segment_count', message: `Expected 10 segments but got ${n}` });
  const fields: Record<string, string> = {};
  for (let i = 0; i < Math.min(FP_KEYS.length, n); i++) {
    const seg = segments[i]!;
    const eq = seg.indexOf('=');
    if (eq < 0) {
      issues.push({ code: 'final_prompt_bad_segment', message: `Missing '=' in segment: '${seg}'` });
      continue;
    }
    const key = seg.slice(0, eq).trim();
    fields[key] = seg.slice(eq + 1).trim();
    if (key !== FP_KEYS[i]) {
      issues.push({ code: 'final_prompt_bad_key_order', message: `Expected key ${FP_KEYS[i]} at position ${i + 1} but got ${key}` });
    }
  }
  const missing = FP_KEYS.filter((k) => !(k in fields));
  if (missing.length) issues.push({ code: 'final_prompt_missing_keys', message: `Missing keys: ${missing.join(', ')}` });
  const present = FP_KEYS.filter((k) => k in fields);
  const empty = present.filter((k) => fields[k] === '');
  if (empty.length) issues.push({ code: 'final_prompt_empty_fields', message: `Empty fields: ${empty.join(', ')}` });
  const placeholders = present.filter((k) => /<[^<>]*>/.test(fields[k]!) || fields[k] === '...');
  if (placeholders.length) {
    issues.push({ code: 'final_prompt_placeholders', message: `Placeholder values present: ${placeholders.join(', ')}` });
  }
  const tis = fields['TEXT_IN_SCENE'];
  let tokenOk = false;
  if (tis !== undefined) {
    if (!(tis.length >= 2 && tis.startsWith('"') && tis.endsWith('"'))) {
      issues.push({ code: 'final_prompt_text_in_scene_quotes', message: 'TEXT_IN_SCENE value must be quoted like "..."' });
    }
    const value = unquote(tis);
    tokenOk = token !== null && value === token;
    if (!tokenOk) {
      issues.push({ code: 'final_prompt_token_mismatch', message: `TEXT_IN_SCENE "${value}" does not match token "${token ?? ''}"` });
    }
  }
  const arOk = fields['AR'] === '16:9';
  if (fields['AR'] !== undefined && !arOk) issues.push({ code: 'final_prompt_ar_mismatch', message: 'AR must equal "16:9"' });
  const wordCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(fields)) wordCounts[k] = words(unquote(v));
  const violations: Record<string, number> = {};
  for (const [k, min] of Object.entries(FP_MIN_WORDS)) {
    const c = wordCounts[k] ?? 0;
    if (c < min) violations[k] = c;
  }
  const lower = raw.toLowerCase();
  return {
    ok: issues.length === 0,
    issues,
    fields,
    word_counts: wordCounts,
    specificity: { min_words: { ...FP_MIN_WORDS }, violations },
    token_expected: token,
    token_ok: tokenOk,
    ar_ok: arOk,
    cliches: CLICHES.filter((c) => lower.includes(c)),
  };
}

export function checkSceneSpec(text: string | null | undefined, token: string | null): JsonObject {
  const raw = (text ?? '').trim();
  if (!raw) return { ok: false, issues: [{ code: 'scenespec_missing', message: 'SceneSpec JSON is empty or missing' }] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { ok: false, issues: [{ code: 'scenespec_invalid_json', message: `Invalid JSON: ${(err as Error).message}` }] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, issues: [{ code: 'scenespec_not_object', message: 'SceneSpec JSON must be an object' }] };
  }
  const obj = parsed as JsonObject;
  const issues: Issue[] = [];
  const missing = SS_KEYS.filter((k) => !(k in obj));
  if (missing.length) issues.push({ code: 'scenespec_missing_keys', message: `Missing keys: ${missing.join(', ')}` });
  const present = SS_KEYS.filter((k) => k in obj);
  const empty = present.filter((k) => !SS_LIST_KEYS.has(k) && typeof obj[k] === 'string' && !(obj[k] as string).trim());
  if (empty.length) issues.push({ code: 'scenespec_empty_fields', message: `Empty/too-short fields: ${empty.join(', ')}` });
  const typeIssues: string[] = [];
  for (const k of present) {
    const v = obj[k];
    if (SS_LIST_KEYS.has(k)) {
      const ok = Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== '');
      if (!ok) typeIssues.push(`${k} (expected non-empty list[str])`);
    } else if (typeof v !== 'string') {
      typeIssues.push(`${k} (expected string)`);
    }
  }
  if (typeIssues.length) issues.push({ code: 'scenespec_type_errors', message: `Type issues: ${typeIssues.join(', ')}` });
  let subjectGeneric = false;
  if (typeof obj['subject'] === 'string') {
    const s = obj['subject'].toLowerCase().replace(/\s+/g, ' ').trim();
    subjectGeneric = s === '' || GENERIC_SUBJECTS.some((p) => s === p || s.startsWith(`${p} `));
    if (subjectGeneric) issues.push({ code: 'scenespec_generic_subject', message: 'subject appears generic' });
  }
  let tokenOk = false;
  if (typeof obj['text_in_scene'] === 'string') {
    const value = obj['text_in_scene'].trim();
    tokenOk = token !== null && value === token;
    if (!tokenOk) issues.push({ code: 'scenespec_token_mismatch', message: `text_in_scene "${value}" does not match token "${token ?? ''}"` });
  }
  const trimmed: JsonObject = {};
  const wordCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj)) {
    trimmed[k] = typeof v === 'string' ? v.trim() : v;
    if (typeof v === 'string') wordCounts[k] = words(v);
  }
  return {
    ok: issues.length === 0,
    issues,
    parsed: trimmed,
    word_counts: wordCounts,
    token_expected: token,
    token_ok: tokenOk,
    subject_generic: subjectGeneric,
  };
}
