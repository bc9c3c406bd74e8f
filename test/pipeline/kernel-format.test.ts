import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  actionStep,
  block,
  blameStep,
  chatStep,
  createRunContext,
  executePipeline,
  jsonSchemaFormat,
  lineTemplateFormat,
  stripCodeFence,
  toJsonSafe,
} from '../../src/pipeline/index.js';
import { ResponseFormatError } from '../../src/errors.js';
import { memoryLogger, ScriptedProvider } from './helpers.js';

const cardFormat = jsonSchemaFormat({
  name: 'card',
  schema: z.strictObject({ id: z.literal('A'), tags: z.array(z.string()).min(2) }),
  validate: (parsed) => ((parsed as { tags: string[] }).tags.includes('bad') ? 'tag bad is not allowed' : null),
});

function formatRoot(format: Parameters<typeof chatStep>[0]['responseFormat']) {
  return block({ name: 'pipeline', nodes: [block({ name: 'x.j', nodes: [chatStep({ name: 'draft', prompt: 'give json', temperature: 0, responseFormat: format, captureKey: 'j' })] })] });
}

describe('response formats and format retries', () => {
  it('accepts a fenced JSON answer after a failing attempt and stores the accepted text', async () => {
    const provider = new ScriptedProvider(['not json', '```json\n{"id":"A","tags":["x","y"]}\n```']);
    const logger = memoryLogger();
    const ctx = createRunContext({ seed: 1, textProvider: provider, logger, formatRetries: 2 });
    await executePipeline(formatRoot(cardFormat), ctx);
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[0]!.responseFormat).toEqual({ type: 'json_schema', name: 'card', schema: cardFormat.schema });
    expect(ctx.outputs.j).toBe('```json\n{"id":"A","tags":["x","y"]}\n```');
    expect(logger.lines.some((l) => l.startsWith('WARNING Response format check failed for pipeline/x.j/draft (attempt 1/3): JSON parse error'))).toBe(true);
    const rec = ctx.steps[0]!;
    expect(rec.type === 'chat' && rec.attempts).toBe(2);
    expect(rec.type === 'chat' && rec.response_format).toBe('card');
    expect(rec.type === 'chat' && rec.usage).toEqual({ input_tokens: 20, output_tokens: 4, total_tokens: 24 });
  });

  it('fails with ResponseFormatError after format_retries extra calls (schema and semantic validator)', async () => {
    const provider = new ScriptedProvider(['{"id":"A","tags":["bad","y"]}']);
    const ctx = createRunContext({ seed: 1, textProvider: provider, formatRetries: 1 });
    const err = await executePipeline(formatRoot(cardFormat), ctx).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ResponseFormatError);
    expect(err.message).toBe('Step draft response violates format card: tag bad is not allowed');
    expect(provider.requests).toHaveLength(2);
    const schemaFail = await executePipeline(
      formatRoot(cardFormat),
      createRunContext({ seed: 1, textProvider: new ScriptedProvider(['{"id":"B","tags":["x","y"]}']), formatRetries: 0 }),
    ).catch((e: Error) => e);
    expect(schemaFail.message).toMatch(/^Step draft response violates format card: schema violation: id: /);
  });

  it('line templates use their check; formats may be chosen at run time', async () => {
    const format = (ctx: { outputs: Record<string, unknown> }) =>
      lineTemplateFormat({
        name: 'line',
        template: { kind: 'fields', fields: ['A', 'T'], fixed: { T: String(ctx.outputs.token) } },
        check: (text) => (text.includes(String(ctx.outputs.token)) ? null : 'token missing'),
      });
    const provider = new ScriptedProvider(['A=x | T=nope', 'A=x | T=tok-1']);
    const root = block({
      name: 'pipeline',
      nodes: [actionStep({ name: 'tok', fn: () => 'tok-1', captureKey: 'token' }), chatStep({ name: 'draft', prompt: 'p', temperature: 0, responseFormat: format })],
    });
    const ctx = createRunContext({ seed: 1, textProvider: provider });
    await executePipeline(root, ctx);
    expect(provider.requests[0]!.responseFormat).toEqual({ type: 'line_template', name: 'line', template: { kind: 'fields', fields: ['A', 'T'], fixed: { T: 'tok-1' } } });
    expect(provider.requests).toHaveLength(2);
  });

  it('strips exactly one surrounding code fence', () => {
    expect(stripCodeFence('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(stripCodeFence('```\n[1]\n```')).toBe('[1]');
    expect(stripCodeFence('{"a":1}')).toBe('{"a":1}');
  });
});

describe('step records and meta', () => {
  it('records params with the effective model and base_model, inherited meta, counts in code points', async () => {
    const provider = new ScriptedProvider(['é😀']);
    const root = block({
      name: 'pipeline',
      nodes: [
        block({
          name: 'fam.s',
          meta: { doc: 'D', source: 'S', tags: ['fam'], stage_kind: 'fam.s' },
          nodes: [chatStep({ name: 'draft', prompt: 'ü😀', temperature: 0.3, params: { model: 'other', reasoning: 'low' }, meta: { role: 'primary', doc: 'step doc' } })],
        }),
      ],
    });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'sys😀', textProvider: provider });
    await executePipeline(root, ctx);
    const rec = ctx.steps[0]!;
    if (rec.type !== 'chat') throw new Error('expected chat');
    expect(rec.params).toEqual({ temperature: 0.3, model: 'other', base_model: 'scripted-model', reasoning: 'low' });
    expect(provider.requests[0]!.model).toBe('other');
    expect(provider.requests[0]!.params).toEqual({ reasoning: 'low' });
    expect(rec.meta).toEqual({ doc: 'step doc', source: 'S', tags: ['fam'], stage_kind: 'fam.s', role: 'primary', stage_id: 'fam.s' });
    expect([rec.context_chars, rec.prompt_chars, rec.input_chars, rec.response_chars]).toEqual([4, 2, 6, 2]);
    expect([rec.context_messages, rec.input_messages]).toEqual([1, 2]);
    expect(rec.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('action results and meta are JSON-safe (depth, list and key limits)', () => {
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    expect(toJsonSafe(deep)).toEqual({ a: { b: { c: { d: '<max_depth>' } } } });
    const list = toJsonSafe(Array.from({ length: 30 }, (_, i) => i)) as unknown[];
    expect(list).toHaveLength(26);
    expect(list[25]).toBe('<5 more>');
    const keys = toJsonSafe(Object.fromEntries(Array.from({ length: 27 }, (_, i) => [`k${i}`, i]))) as Record<string, unknown>;
    expect(Object.keys(keys)).toHaveLength(26);
    expect(keys['<more>']).toBe('<2 more>');
    expect(toJsonSafe({ f: () => 1, n: NaN, s: new Set([1]) })).toEqual({ f: '() => 1', n: 'NaN', s: [1] });
  });

  it('an action can blame the step whose output it parses; innermost attribution wins', async () => {
    const root = block({
      name: 'pipeline',
      nodes: [
        block({
          name: 'x.cards',
          nodes: [
            actionStep({
              name: 'assemble',
              fn: () => {
                throw blameStep(new Error('invalid card'), 'pipeline/x.cards/idea_A');
              },
            }),
          ],
        }),
      ],
    });
    const logger = memoryLogger();
    const err = (await executePipeline(root, createRunContext({ seed: 1, logger })).catch((e: unknown) => e)) as Record<string, unknown>;
    expect(err.pipelinePath).toBe('pipeline/x.cards/idea_A');
    expect(err.pipelineStep).toBe('idea_A');
    expect(logger.lines).toContain('ERROR Step failed: pipeline/x.cards/idea_A (invalid card)');
    expect(logger.lines.filter((l) => l.startsWith('ERROR'))).toHaveLength(1);
  });
});
