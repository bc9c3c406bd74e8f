/**
 * Title generation (generation.md §4): up to 3 attempts at temperature 0.2 with the text provider's
 * default model, sanitize → validate → collision check, then the collision variants or the fallback.
 * Runs inside the manifest lock; the caller passes the manifest titles (newest first) as `avoid`.
 */
import type { TextProvider, Usage, ChatMessage, LineTemplateFormat } from '../providers/types.js';
import { errorMessage } from '../errors.js';
import {
  sanitizeTitle, validateTitle, collisionCandidates, fallbackBase, fallbackTitle, TitleSet,
} from './title-rules.js';

export const TITLE_ATTEMPTS = 3;
export const TITLE_TEMPERATURE = 0.2;
const AVOID_IN_PROMPT = 25;

export const TITLE_SYSTEM_PROMPT = [
  'You generate short image titles.',
  'Return a 2-4 word Title Case name.',
  'No quotes.',
  'No proper nouns (no people/place/brand names).',
  'No punctuation except optional hyphen.',
  'Return only the title text.',
].join('\n');
export const TITLE_REMINDER = 'Reminder: output must be a single line containing only the title text.';

const TITLE_FORMAT: LineTemplateFormat = { type: 'line_template', name: 'title', template: { kind: 'title' } };

export interface TitleAttempt {
  attempt: number;
  raw: string;
  status: 'accepted' | 'rejected';
  reason?: 'sanitize_failed' | 'validate_failed' | 'collision' | 'request_failed';
  sanitized?: string;
  error?: string;
  latency_ms: number;
  usage: Usage | null;
}

export interface TitleGeneration {
  title: string;
  title_source: 'llm' | 'fallback';
  title_raw: string;
  attempts: TitleAttempt[];
}

/** Attempt record with keys in spec order: attempt, raw, status, reason?, sanitized?, error?, latency_ms, usage. */
function attemptRecord(
  attempt: number, raw: string, status: TitleAttempt['status'],
  extra: Pick<TitleAttempt, 'reason' | 'sanitized' | 'error'>, latency: number, usage: Usage | null,
): TitleAttempt {
  const rec: TitleAttempt = { attempt, raw, status } as TitleAttempt;
  if (extra.reason !== undefined) rec.reason = extra.reason;
  if (extra.sanitized !== undefined) rec.sanitized = extra.sanitized;
  if (extra.error !== undefined) rec.error = extra.error;
  rec.latency_ms = latency;
  rec.usage = usage;
  return rec;
}

export type TitleLog = (level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', message: string) => void;

export function titleUserPrompt(imagePrompt: string, avoid: readonly string[]): string {
  const avoidLine = avoid.length > 0
    ? `Do not reuse these titles (case-insensitive): ${avoid.slice(0, AVOID_IN_PROMPT).join('; ')}`
    : '';
  return `Prompt: ${imagePrompt.trim()}\n${avoidLine}\nReturn ONLY the title text.`.trim();
}

export function titleMessages(imagePrompt: string, avoid: readonly string[], attempt: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: TITLE_SYSTEM_PROMPT },
    { role: 'user', content: titleUserPrompt(imagePrompt, avoid) },
  ];
  if (attempt >= 2) messages.push({ role: 'system', content: TITLE_REMINDER });
  return messages;
}

function errorLabel(err: unknown): string {
  const type = err && typeof err === 'object' && 'type' in err && typeof (err as { type: unknown }).type === 'string'
    ? (err as { type: string }).type
    : err instanceof Error ? err.name : 'Error';
  return `${type}: ${errorMessage(err)}`;
}

/** Generate a title for `imagePrompt`, avoiding `avoid` (manifest titles, newest first). Never throws for provider errors. */
export async function generateTitle(
  provider: TextProvider,
  imagePrompt: string,
  avoid: readonly string[],
  log: TitleLog,
  now: () => number = Date.now,
): Promise<TitleGeneration> {
  const used = new TitleSet(avoid);
  const attempts: TitleAttempt[] = [];
  let lastRaw = '';
  let lastValidCollision: string | null = null;

  for (let n = 1; n <= TITLE_ATTEMPTS; n++) {
    const started = performance.now();
    let raw = '';
    let latency = 0;
    let usage: Usage | null = null;
    try {
      const res = await provider.complete({
        messages: titleMessages(imagePrompt, avoid, n),
        temperature: TITLE_TEMPERATURE,
        responseFormat: TITLE_FORMAT,
        log,
      });
      raw = res.text ?? '';
      latency = res.latency_ms;
      usage = res.usage ?? null;
    } catch (err) {
      latency = Math.round(performance.now() - started);
      const error = errorLabel(err);
      lastRaw = '';
      lastValidCollision = null;
      attempts.push(attemptRecord(n, '', 'rejected', { reason: 'request_failed', error }, latency, null));
      log('WARNING', `Title attempt ${n} rejected: ${error} (raw=${JSON.stringify('')})`);
      continue;
    }
    lastRaw = raw;
    const sanitized = sanitizeTitle(raw);
    if (!sanitized.ok) {
      lastValidCollision = null;
      const error = `ResponseFormatError: ${sanitized.message}`;
      attempts.push(attemptRecord(n, raw, 'rejected', { reason: 'sanitize_failed', error }, latency, usage));
      log('WARNING', `Title attempt ${n} rejected: ${error} (raw=${JSON.stringify(raw)})`);
      continue;
    }
    const text = sanitized.text;
    const valid = validateTitle(text);
    if (!valid.ok) {
      lastValidCollision = null;
      const error = `ResponseFormatError: ${valid.message}`;
      attempts.push(attemptRecord(n, raw, 'rejected', { reason: 'validate_failed', sanitized: text, error }, latency, usage));
      log('WARNING', `Title attempt ${n} rejected: ${error} (sanitized=${JSON.stringify(text)} raw=${JSON.stringify(raw)})`);
      continue;
    }
    if (used.has(text)) {
      lastValidCollision = text;
      attempts.push(attemptRecord(n, raw, 'rejected', { reason: 'collision', sanitized: text }, latency, usage));
      log('WARNING', `Title attempt ${n} rejected: collision (sanitized=${JSON.stringify(text)} raw=${JSON.stringify(raw)})`);
      continue;
    }
    attempts.push(attemptRecord(n, raw, 'accepted', { sanitized: text }, latency, usage));
    return { title: text, title_source: 'llm', title_raw: raw, attempts };
  }

  const nowSeconds = Math.floor(now() / 1000);
  if (lastValidCollision !== null) {
    const variant = collisionCandidates(lastValidCollision).find((c) => validateTitle(c).ok && !used.has(c));
    const title = variant ?? fallbackTitle(lastValidCollision, used, nowSeconds, true);
    return { title, title_source: 'llm', title_raw: lastRaw, attempts };
  }
  const title = fallbackTitle(fallbackBase(lastRaw), used, nowSeconds);
  log('WARNING', `Title attempt ${TITLE_ATTEMPTS} fallback: title=${JSON.stringify(title)} raw=${JSON.stringify(lastRaw)}`);
  return { title, title_source: 'fallback', title_raw: lastRaw, attempts };
}
