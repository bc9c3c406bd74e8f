import { describe, expect, it } from 'vitest';
import {
  actionStep,
  block,
  chatStep,
  createRunContext,
  executePipeline,
  type Message,
} from '../../src/pipeline/index.js';
import { PipelineError } from '../../src/errors.js';
import { echoProvider, memoryLogger, ScriptedProvider } from './helpers.js';

function seen(provider: ScriptedProvider, i: number): string[] {
  return provider.requests[i]!.messages.map((m: Message) => `${m.role}:${m.content}`);
}

describe('merge modes: what each step sees', () => {
  it('last_response stages under the root hold only assistant texts (standard shape)', async () => {
    const provider = echoProvider();
    const stage = (id: string) =>
      block({ name: id, merge: 'last_response', nodes: [chatStep({ name: 'draft', prompt: `ask ${id}`, temperature: 0.5 })] });
    const root = block({ name: 'pipeline', nodes: [stage('s.one'), stage('s.two'), stage('s.three')] });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'SYS', textProvider: provider });
    await executePipeline(root, ctx);
    expect(seen(provider, 0)).toEqual(['system:SYS', 'user:ask s.one']);
    expect(seen(provider, 1)).toEqual(['system:SYS', 'assistant:R1:ask s.one', 'user:ask s.two']);
    expect(seen(provider, 2)).toEqual(['system:SYS', 'assistant:R1:ask s.one', 'assistant:R2:ask s.two', 'user:ask s.three']);
    expect(ctx.messages.map((m) => m.role)).toEqual(['system', 'assistant', 'assistant', 'assistant']);
  });

  it('all_messages keeps user and assistant turns; none adds nothing', async () => {
    const provider = echoProvider();
    const root = block({
      name: 'pipeline',
      nodes: [
        chatStep({ name: 'a', prompt: 'first', temperature: 0, merge: 'all_messages' }),
        chatStep({ name: 'b', prompt: 'second', temperature: 0, merge: 'none' }),
        chatStep({ name: 'c', prompt: 'third', temperature: 0 }),
      ],
    });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'SYS', textProvider: provider });
    await executePipeline(root, ctx);
    expect(seen(provider, 1)).toEqual(['system:SYS', 'user:first', 'assistant:R1:first', 'user:second']);
    expect(seen(provider, 2)).toEqual(['system:SYS', 'user:first', 'assistant:R1:first', 'user:third']);
  });

  it('a none-merged stage before the capture stage lets later calls see only [system, user]', async () => {
    const provider = echoProvider();
    const root = block({
      name: 'pipeline',
      nodes: [
        block({ name: 'x.hidden', merge: 'none', nodes: [chatStep({ name: 'draft', prompt: 'p1', temperature: 0, captureKey: 'k' })] }),
        block({ name: 'x.next', merge: 'last_response', nodes: [chatStep({ name: 'draft', prompt: 'p2', temperature: 0 })] }),
      ],
    });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'SYS', textProvider: provider });
    await executePipeline(root, ctx);
    expect(seen(provider, 1)).toEqual(['system:SYS', 'user:p2']);
    expect(ctx.outputs.k).toBe('R1:p1');
  });

  it('last_response of a block with no assistant output fails with the spec message', async () => {
    const root = block({
      name: 'pipeline',
      nodes: [block({ name: 'x.act', merge: 'last_response', nodes: [actionStep({ name: 'a', fn: () => 42 })] })],
    });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'SYS', textProvider: echoProvider() });
    await expect(executePipeline(root, ctx)).rejects.toThrow('last_response requested but no assistant output exists');
  });

  it('a block capture takes the last assistant text of its delta, else fails', async () => {
    const provider = echoProvider();
    const ok = block({ name: 'pipeline', nodes: [block({ name: 'x.s', captureKey: 'cap', nodes: [chatStep({ prompt: 'q', temperature: 0 })] })] });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'S', textProvider: provider });
    await executePipeline(ok, ctx);
    expect(ctx.outputs.cap).toBe('R1:q');
    const bad = block({ name: 'pipeline', nodes: [block({ name: 'x.s', captureKey: 'cap', nodes: [actionStep({ fn: () => 1, merge: 'none' })] })] });
    await expect(executePipeline(bad, createRunContext({ seed: 1, textProvider: provider }))).rejects.toThrow(
      'Block pipeline/x.s capture_key=cap requested but no assistant output exists',
    );
  });
});

describe('copy semantics', () => {
  it('a failing node leaves the parent conversation untouched', async () => {
    const provider = new ScriptedProvider(['fine', 'boom-later']);
    const failing = block({
      name: 'x.fail',
      merge: 'all_messages',
      nodes: [
        chatStep({ name: 'one', prompt: 'p', temperature: 0 }),
        actionStep({
          name: 'explode',
          fn: () => {
            throw new PipelineError('exploded');
          },
        }),
      ],
    });
    const root = block({ name: 'pipeline', nodes: [failing] });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'SYS', textProvider: provider });
    const err = await executePipeline(root, ctx).catch((e: unknown) => e as Error & Record<string, unknown>);
    expect(ctx.messages).toEqual([{ role: 'system', content: 'SYS' }]);
    expect(err.message).toBe('exploded');
    expect(err.pipelinePath).toBe('pipeline/x.fail/explode');
    expect(err.pipelineStep).toBe('explode');
    expect(err.pipelineNodeType).toBe('action');
    expect(err.pipelineNodeName).toBe('explode');
    // The successful chat step was still recorded, the failed action was not.
    expect(ctx.steps.map((s) => s.path)).toEqual(['pipeline/x.fail/one']);
  });

  it('a prompt function cannot change the parent conversation by mutating what it is given', async () => {
    const provider = echoProvider();
    const root = block({
      name: 'pipeline',
      nodes: [
        chatStep({
          name: 'a',
          temperature: 0,
          prompt: (ctx) => {
            ctx.outputs.saw = ctx.messages.length;
            return 'x';
          },
        }),
      ],
    });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'SYS', textProvider: provider });
    await executePipeline(root, ctx);
    expect(provider.requests[0]!.messages).toHaveLength(2);
    expect(ctx.messages).toHaveLength(3);
  });
});

describe('names, paths, duplicates, logs', () => {
  it('names unnamed children step_NN / action_NN / block_NN and logs paths', async () => {
    const logger = memoryLogger();
    const root = block({
      name: 'pipeline',
      nodes: [
        block({
          name: 'fam.stage',
          meta: { doc: 'A doc', source: 'src.x' },
          nodes: [chatStep({ prompt: 'a', temperature: 0.2 }), actionStep({ fn: () => ({ ok: true }) }), block({ nodes: [chatStep({ prompt: 'b', temperature: 0 })] })],
        }),
      ],
    });
    const ctx = createRunContext({ seed: 1, systemPrompt: 'S', textProvider: echoProvider(), logger });
    await executePipeline(root, ctx);
    expect(ctx.steps.map((s) => s.path)).toEqual([
      'pipeline/fam.stage/step_01',
      'pipeline/fam.stage/action_02',
      'pipeline/fam.stage/block_03/step_01',
    ]);
    expect(ctx.steps[0]!.meta).toEqual({ doc: 'A doc', source: 'src.x', stage_id: 'fam.stage' });
    expect(logger.lines).toContain(
      'INFO Step: pipeline/fam.stage/step_01 (type=chat, stage_id=fam.stage, source=src.x, doc="A doc", context_chars=1, prompt_chars=1, input_chars=2)',
    );
    expect(logger.lines).toContain(
      'INFO Received response for pipeline/fam.stage/step_01 (input_chars=2, chars=4, stage_id=fam.stage, source=src.x, duration_ms=5, input_tokens=10, output_tokens=2)',
    );
    expect(logger.lines).toContain('INFO Completed action pipeline/fam.stage/action_02 (stage_id=fam.stage, source=src.x)');
  });

  it('duplicate child names fail with the block path', async () => {
    const root = block({
      name: 'pipeline',
      nodes: [block({ name: 'x.s', nodes: [chatStep({ name: 'a', prompt: 'p', temperature: 0 }), chatStep({ name: 'a', prompt: 'q', temperature: 0 })] })],
    });
    const logger = memoryLogger();
    const err = await executePipeline(root, createRunContext({ seed: 1, textProvider: echoProvider(), logger })).catch((e: Error) => e);
    expect(err.message).toBe('Duplicate node name(s) in block pipeline/x.s: a');
    expect(logger.lines).toContain('ERROR Step failed: pipeline/x.s (Duplicate node name(s) in block pipeline/x.s: a)');
  });

  it('node constructors reject bad names, merges and params', () => {
    expect(() => chatStep({ name: '  ', prompt: 'p', temperature: 0 })).toThrow('Step name cannot be empty');
    expect(() => block({ captureKey: ' ', nodes: [] })).toThrow('Block capture_key cannot be empty');
    expect(() => chatStep({ prompt: 'p', temperature: 0, merge: 'bogus' as never })).toThrow('Invalid step merge mode: bogus');
    expect(() => actionStep({ fn: () => 1, merge: 'last_response' })).toThrow("ActionStep does not support merge='last_response'");
    expect(() => chatStep({ name: 'n', prompt: 'p', temperature: 0, params: { temperature: 1 } })).toThrow(
      "Step n sets params['temperature']; use the ChatStep.temperature field instead",
    );
    const step = chatStep({ name: ' trimmed ', prompt: 'p', temperature: 0 });
    expect(step.name).toBe('trimmed');
    expect(Object.isFrozen(step)).toBe(true);
  });

  it('prompt and response checks', async () => {
    const run = (step: ReturnType<typeof chatStep>, reply: string | null = 'ok') =>
      executePipeline(block({ name: 'pipeline', nodes: [step] }), createRunContext({ seed: 1, textProvider: new ScriptedProvider([reply]) }));
    await expect(run(chatStep({ name: 's', prompt: () => null, temperature: 0 }))).rejects.toThrow('Step s produced None prompt');
    await expect(run(chatStep({ name: 's', prompt: () => 5, temperature: 0 }))).rejects.toThrow('Step s produced non-string prompt (type=number)');
    await expect(run(chatStep({ name: 's', prompt: '  ', temperature: 0 }))).rejects.toThrow('Step s produced empty prompt');
    await expect(run(chatStep({ name: 's', prompt: 'p', temperature: 0 }), null)).rejects.toThrow('Step s produced None response');
    await expect(run(chatStep({ name: 's', prompt: 'p', temperature: 0 }), ' ')).rejects.toThrow('Step s produced empty response');
    await expect(run(chatStep({ name: 's', prompt: ' ', temperature: 0, allowEmptyPrompt: true, allowEmptyResponse: true }), '')).resolves.toBeTruthy();
  });
});
