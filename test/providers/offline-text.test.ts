import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../src/errors.js';
import { clearProviderCache, createTextProvider, offlineAnswer, resetSharedGates } from '../../src/providers/index.js';
import type { ChatMessage, JsonSchemaFormat, TextRequest } from '../../src/providers/types.js';
import { REPRESENTATIVE_SCHEMAS } from './schemas.js';

const messages: ChatMessage[] = [
  { role: 'system', content: 'You write image prompts for the viewer.' },
  { role: 'user', content: 'Concepts: lighthouse keeper, autumn fog, brass instruments, migrating geese. Keep the token RV-S-123456.' },
];

function validate(schema: Record<string, unknown>, text: string): z.ZodSafeParseResult<unknown> {
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(JSON.parse(text));
}

describe('offline text provider', () => {
  it('is a pure function of (model, messages, temperature, format) with byte-identical answers', async () => {
    const a = createTextProvider({ provider: 'offline' });
    clearProviderCache();
    const b = createTextProvider({});
    const req: TextRequest = { messages, temperature: 0.8 };
    const ra = await a.complete(req);
    const rb = await b.complete({ ...req, messages: messages.map((m) => ({ ...m })) });
    expect(ra.text).toBe(rb.text);
    expect(ra.text).toBe(offlineAnswer('offline-text-v1', req));
    expect(ra.provider).toBe('offline');
    expect(ra.model).toBe('offline-text-v1');
    expect(ra.attempts).toBe(1);
    // Any input change gives a different answer.
    const variants = await Promise.all([
      a.complete({ ...req, temperature: 0.2 }),
      a.complete({ ...req, model: 'offline-text-v2' }),
      a.complete({ ...req, messages: [...messages.slice(0, 1), { role: 'user', content: 'Concepts: desert train, neon signs, dusk.' }] }),
    ]);
    for (const v of variants) expect(v.text).not.toBe(ra.text);
    expect(variants[1]?.model).toBe('offline-text-v2');
  });

  it('writes a prompt-like paragraph from the last user message and keeps verbatim tokens', async () => {
    const r = await createTextProvider({}).complete({ messages, temperature: 0.5 });
    const words = ['lighthouse', 'keeper', 'autumn', 'fog', 'brass', 'instruments', 'migrating', 'geese'];
    const used = words.filter((w) => r.text.toLowerCase().includes(w));
    expect(used.length).toBeGreaterThanOrEqual(5);
    expect(r.text).toContain('"RV-S-123456"');
    expect(r.text).not.toContain('\n');
    expect(r.text.length).toBeGreaterThan(60);
    expect(r.text.length).toBeLessThan(600);
  });

  it('reports usage as ceil(code points / 4)', async () => {
    const msgs: ChatMessage[] = [{ role: 'user', content: 'héllo wörld 🎨 pâté' }];
    const r = await createTextProvider({}).complete({ messages: msgs, temperature: 0 });
    const cp = (s: string) => [...s].length;
    expect(r.usage.input_tokens).toBe(Math.ceil(cp(msgs[0]!.content) / 4));
    expect(r.usage.output_tokens).toBe(Math.ceil(cp(r.text) / 4));
    expect(r.usage.total_tokens).toBe((r.usage.input_tokens ?? 0) + (r.usage.output_tokens ?? 0));
  });

  it.each(REPRESENTATIVE_SCHEMAS.map((s) => [s.name, s] as const))('returns a schema-valid instance for %s', async (_n, format) => {
    const p = createTextProvider({});
    const r = await p.complete({ messages, temperature: 0.3, responseFormat: format });
    const parsed = validate(format.schema, r.text);
    expect(parsed.success, `${r.text}\n${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    // Same request → same bytes.
    expect((await p.complete({ messages, temperature: 0.3, responseFormat: format })).text).toBe(r.text);
  });

  it('builds strings from prompt words and spreads judge scores across candidates', async () => {
    const judge = REPRESENTATIVE_SCHEMAS.find((s) => s.name === 'judge_scores') as JsonSchemaFormat;
    const r = await createTextProvider({}).complete({ messages, temperature: 0, responseFormat: judge });
    const out = JSON.parse(r.text) as { scores: { id: string; score: number }[] };
    expect(out.scores.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(new Set(out.scores.map((s) => s.score)).size).toBe(6);
    const card = REPRESENTATIVE_SCHEMAS.find((s) => s.name === 'idea_card_set') as JsonSchemaFormat;
    const cards = JSON.parse((await createTextProvider({}).complete({ messages, temperature: 0.8, responseFormat: card })).text);
    expect(cards.ideas.map((c: { id: string }) => c.id)).toEqual(['A', 'B', 'C']);
    expect(cards.ideas[0].hook).toMatch(/lighthouse|keeper|autumn|fog|brass|instruments|migrating|geese|concepts|token/);
  });

  it('fills KEY=value line templates with fixed values copied verbatim', async () => {
    const fields = ['SUBJECT', 'SETTING', 'ACTION', 'COMPOSITION', 'CAMERA', 'LIGHTING', 'COLOR', 'STYLE', 'TEXT_IN_SCENE', 'AR'];
    const r = await createTextProvider({}).complete({
      messages,
      temperature: 0.6,
      responseFormat: {
        type: 'line_template',
        name: 'ab_final_prompt',
        template: { kind: 'fields', fields, fixed: { TEXT_IN_SCENE: '"RV-S-123456"', AR: '16:9' } },
      },
    });
    expect(r.text.split('\n')).toHaveLength(1);
    const segments = r.text.split(' | ');
    expect(segments.map((s) => s.split('=')[0])).toEqual(fields);
    for (const s of segments) {
      const value = s.slice(s.indexOf('=') + 1);
      expect(value.trim()).not.toBe('');
      expect(value).not.toMatch(/<|>|\.\.\./);
    }
    expect(segments[8]).toBe('TEXT_IN_SCENE="RV-S-123456"');
    expect(segments[9]).toBe('AR=16:9');
  });

  it('answers the title format with 2-4 Title Case words that avoid listed titles', async () => {
    const p = createTextProvider({});
    const wordRe = /^[A-Z][a-z]+$/;
    const seen = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const user = `Prompt: A lantern-lit harbor ${i} with copper boats and drifting fog\nDo not reuse these titles (case-insensitive): Copper Boats; Harbor Fog\nReturn ONLY the title text.`;
      const r = await p.complete({
        messages: [{ role: 'system', content: 'You generate short image titles.' }, { role: 'user', content: user }],
        temperature: 0.2,
        responseFormat: { type: 'line_template', name: 'title', template: { kind: 'title' } },
      });
      const words = r.text.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.length).toBeLessThanOrEqual(4);
      for (const w of words) expect(w).toMatch(wordRe);
      expect(['copper boats', 'harbor fog']).not.toContain(r.text.toLowerCase());
      seen.add(r.text);
    }
    expect(seen.size).toBeGreaterThan(3);
  });
});

describe('offline simulation knobs', () => {
  it('error_rate=1 fails after the retry budget with the spec message and WARNING lines', async () => {
    resetSharedGates();
    const lines: string[] = [];
    const p = createTextProvider({ error_rate: 1, max_retries: 2 }, { backoffScale: 0 });
    const err = await p
      .complete({ messages, temperature: 0, log: (level, m) => lines.push(`${level} ${m}`) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).message).toBe(
      'offline text request failed after 3 attempts: 503 simulated transient error (offline error_rate=1)',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^WARNING offline text request failed \(attempt 1\/3\): 503 simulated transient error \(offline error_rate=1\); retrying in \d+(\.\d+)? s$/,
    );
    expect(lines[1]).toMatch(/\(attempt 2\/3\)/);
  });

  it('error_rate=0.5 draws per attempt, so most calls succeed within the budget and report attempts', async () => {
    const p = createTextProvider({ error_rate: 0.5, max_retries: 20 }, { backoffScale: 0 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => p.complete({ messages: [{ role: 'user', content: `concept ${i} owls` }], temperature: 0 })),
    );
    const retried = results.filter((r) => r.attempts > 1).length;
    expect(retried).toBeGreaterThan(5);
    expect(retried).toBeLessThan(35);
    // The answer does not depend on how many attempts it took.
    const clean = createTextProvider({ model: 'offline-text-v1' });
    expect(results[0]!.text).toBe((await clean.complete({ messages: [{ role: 'user', content: 'concept 0 owls' }], temperature: 0 })).text);
  });

  it('latency_ms delays each call and is counted in latency_ms', async () => {
    const p = createTextProvider({ latency_ms: 60 });
    const t0 = performance.now();
    const r = await p.complete({ messages, temperature: 0.1 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(r.latency_ms).toBeGreaterThanOrEqual(55);
  });
});

describe('salient words', () => {
  it('ranks list data and labelled values first, skips avoid sections, and carries earlier answers', async () => {
    const { conversationPool, rankedWords } = await import('../../src/providers/offline-words.js');
    const text = 'Use the items below.\n\nLikes:\n- quiet harbor\n- copper kettles\n\nDislikes:\n- neon glare\n\nPrompt: owls over moorland\nKeep one requirement per line.\n- Use concrete nouns instead of vague adjectives.';
    const r = rankedWords(text);
    expect(r.primary).toEqual(['quiet', 'harbor', 'copper', 'kettles', 'owls', 'moorland']);
    expect([...r.primary, ...r.rest]).not.toContain('neon');
    expect(r.rest).toContain('concrete');
    const pool = conversationPool(
      [{ role: 'system', content: 'Notes:\n- favour tidal flats' }, { role: 'assistant', content: 'Lanterns above tidal flats.' }, { role: 'user', content: 'Write the final version.' }],
      4,
      'seed',
    );
    // Conversation words (shuffled among the first 12) come before any fallback vocabulary.
    expect(pool.slice(0, 6).sort()).toEqual(['favour', 'final', 'flats', 'lanterns', 'tidal', 'version']);
    expect(pool).toHaveLength(6);
    expect(conversationPool([{ role: 'user', content: 'owls' }], 4, 's')).toEqual(['owls', 'lantern', 'harbor', 'meadow']);
  });
});
