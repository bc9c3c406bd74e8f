import { describe, expect, it } from 'vitest';
import { sanitizeTitle, validateTitle, collisionCandidates, fallbackTitle, TitleSet, fallbackBase } from '../../src/generation/title-rules.js';
import { generateTitle, titleUserPrompt, TITLE_SYSTEM_PROMPT, TITLE_REMINDER } from '../../src/generation/title-generator.js';
import type { TextProvider, TextRequest } from '../../src/providers/types.js';
import { ProviderError } from '../../src/errors.js';

function scripted(answers: (string | Error)[]): TextProvider & { requests: TextRequest[] } {
  const requests: TextRequest[] = [];
  return {
    name: 'double', defaultModel: 'double-1', requests,
    async complete(req) {
      requests.push(req);
      const a = answers[Math.min(requests.length - 1, answers.length - 1)]!;
      if (a instanceof Error) throw a;
      return { text: a, provider: 'double', model: 'double-1', latency_ms: 3, attempts: 1, usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 } };
    },
  };
}

describe('title rules', () => {
  it('sanitizes one line, strips one pair of outer quotes, collapses whitespace', () => {
    expect(sanitizeTitle('  “Quiet   Harbor”  \n\n')).toEqual({ ok: true, text: 'Quiet Harbor' });
    expect(sanitizeTitle('"Quiet Harbor\'')).toEqual({ ok: true, text: 'Quiet Harbor' });
    expect(sanitizeTitle('One\nTwo').ok).toBe(false);
    expect(sanitizeTitle('   ').ok).toBe(false);
  });
  it('validates 2-4 Title Case words, hyphens and Roman numerals', () => {
    expect(validateTitle('Quiet Harbor').ok).toBe(true);
    expect(validateTitle('Sea-Glass Harbor XIV').ok).toBe(true);
    expect(validateTitle('Harbor-II Lights').ok).toBe(true);
    expect(validateTitle('Harbor').ok).toBe(false);
    expect(validateTitle('A B C D E').ok).toBe(false);
    expect(validateTitle('quiet Harbor').ok).toBe(false);
    expect(validateTitle('Quiet Harbor!').ok).toBe(false);
    expect(validateTitle('Quiet "Harbor"').ok).toBe(false);
    expect(validateTitle('McQueen Harbor').ok).toBe(false);
    expect(validateTitle('Harbor XXI').ok).toBe(false);
  });
  it('builds collision variants and the fallback sequence', () => {
    expect(collisionCandidates('Quiet Harbor').slice(0, 2)).toEqual(['Quiet Harbor II', 'Quiet Harbor III']);
    expect(collisionCandidates('One Two Three Four')[0]).toBe('One Two Three Four-II');
    const used = new TitleSet(['untitled', 'Untitled II']);
    expect(fallbackTitle('Untitled', used, 99)).toBe('Untitled III');
    expect(fallbackTitle('X', new TitleSet([]), 99, true)).toBe('X (2)');
    expect(fallbackBase('\n  "Hello   World!"  \nmore')).toBe('Hello World!');
    expect(fallbackBase('')).toBe('Untitled');
    const all = new TitleSet(['B', ...Array.from({ length: 19 }, (_, i) => `B ${['II','III','IV','V','VI','VII','VIII','IX','X','XI','XII','XIII','XIV','XV','XVI','XVII','XVIII','XIX','XX'][i]}`),
      ...Array.from({ length: 48 }, (_, i) => `B (${i + 2})`)]);
    expect(fallbackTitle('B', all, 1234)).toBe('B (1234)');
  });
});

describe('generateTitle', () => {
  it('sends the spec messages and accepts a valid title', async () => {
    const p = scripted(['Quiet Harbor Lights']);
    const lines: string[] = [];
    const t = await generateTitle(p, '  a harbor at dusk ', ['Old Title'], (l, m) => lines.push(`${l} ${m}`));
    expect(t).toMatchObject({ title: 'Quiet Harbor Lights', title_source: 'llm', title_raw: 'Quiet Harbor Lights' });
    expect(t.attempts).toEqual([{ attempt: 1, raw: 'Quiet Harbor Lights', status: 'accepted', sanitized: 'Quiet Harbor Lights', latency_ms: 3, usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 } }]);
    expect(Object.keys(t.attempts[0]!)).toEqual(['attempt', 'raw', 'status', 'sanitized', 'latency_ms', 'usage']);
    const req = p.requests[0]!;
    expect(req.temperature).toBe(0.2);
    expect(req.model).toBeUndefined();
    expect(req.responseFormat).toMatchObject({ type: 'line_template', name: 'title' });
    expect(req.messages[0]).toEqual({ role: 'system', content: TITLE_SYSTEM_PROMPT });
    expect(req.messages[1]!.content).toBe('Prompt: a harbor at dusk\nDo not reuse these titles (case-insensitive): Old Title\nReturn ONLY the title text.');
    expect(titleUserPrompt('p', [])).toBe('Prompt: p\n\nReturn ONLY the title text.');
    expect(lines).toEqual([]);
  });
  it('retries with the reminder, logs rejections, and varies a colliding valid title', async () => {
    const p = scripted(['Bad\nTwo', 'lower case', 'Quiet Harbor']);
    const lines: string[] = [];
    const t = await generateTitle(p, 'x', ['QUIET HARBOR', 'Quiet Harbor II'], (l, m) => lines.push(`${l} ${m}`));
    expect(p.requests[1]!.messages.at(-1)).toEqual({ role: 'system', content: TITLE_REMINDER });
    expect(t.title).toBe('Quiet Harbor III');
    expect(t.title_source).toBe('llm');
    expect(t.attempts.map((a) => a.reason)).toEqual(['sanitize_failed', 'validate_failed', 'collision']);
    expect(Object.keys(t.attempts[1]!)).toEqual(['attempt', 'raw', 'status', 'reason', 'sanitized', 'error', 'latency_ms', 'usage']);
    expect(lines[0]).toMatch(/^WARNING Title attempt 1 rejected: ResponseFormatError: .+ \(raw="Bad\\nTwo"\)$/);
    expect(lines[1]).toMatch(/^WARNING Title attempt 2 rejected: ResponseFormatError: .+ \(sanitized="lower case" raw="lower case"\)$/);
    expect(lines[2]).toBe('WARNING Title attempt 3 rejected: collision (sanitized="Quiet Harbor" raw="Quiet Harbor")');
  });
  it('falls back after three invalid answers and never throws for provider errors', async () => {
    const lines: string[] = [];
    const t = await generateTitle(scripted(['!!', '??', '"Weird: Title"']), 'x', ['weird: title'], (l, m) => lines.push(`${l} ${m}`));
    expect(t).toMatchObject({ title: 'Weird: Title II', title_source: 'fallback', title_raw: '"Weird: Title"' });
    expect(lines.at(-1)).toBe('WARNING Title attempt 3 fallback: title="Weird: Title II" raw="\\"Weird: Title\\""');
    const failing = await generateTitle(scripted([new ProviderError('offline text request failed after 3 attempts: 503 boom')]), 'x', [], () => undefined);
    expect(failing.title).toBe('Untitled');
    expect(failing.title_source).toBe('fallback');
    expect(failing.attempts[0]).toMatchObject({ status: 'rejected', error: 'ProviderError: offline text request failed after 3 attempts: 503 boom', raw: '' });
  });
});
