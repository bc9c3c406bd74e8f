/**
 * `refine.tot_enclave` (pipeline.md §9): critics fan out over the last assistant response, then a
 * consensus (best_of: three drafts and a final synthesis; consensus: one revision).
 */
import { PipelineError } from '../../errors.js';
import { audienceName } from '../../inputs/audience.js';
import { block, chatStep, fanoutThenReduce, generateThenSelect, type RunContext } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';
import { CRITIC_IDS, CRITICS, type CriticId } from './critics.js';

const TEMPERATURE = 0.8;
const DOC = 'Tree-of-thought enclave: independent critics, then a consensus revision of the last response.';
const SOURCE = 'stages.refine.tot_enclave';

function criticPrompt(id: CriticId, cfg: Parameters<(typeof CRITICS)[CriticId]['persona']>[0], ctx: RunContext): string {
  const critic = CRITICS[id];
  const reference = critic.reference ? critic.reference(cfg, ctx) : null;
  return [
    `You are ${critic.label}. ${critic.persona(cfg)}`,
    ...(reference ? ['', 'Reference material (authoritative, even where the conversation does not mention it):', reference] : []),
    '',
    'Speak with your own voice only; you cannot see the other critics. Critique and improve only the last assistant',
    'response above — nothing earlier — and add no meta commentary.',
    'Answer in exactly two sections, "## Issues" (what is wrong) and "## Edits" (concrete rewrites), in at most 1000 characters.',
  ].join('\n');
}

function notesBlock(ctx: RunContext, critics: CriticId[], prefix: string): string {
  return critics
    .map((id) => {
      const key = `enclave.${prefix}.${id}`;
      const text = ctx.outputs[key];
      if (typeof text !== 'string' || !text.trim()) throw new PipelineError(`Missing enclave thread output: ${key}`);
      return `## ${CRITICS[id].label}\n${text.trim()}`;
    })
    .join('\n\n');
}

function consensusPrompt(ctx: RunContext, critics: CriticId[], prefix: string, thread: number | null): string {
  return [
    ...(thread !== null ? [`You are consensus thread #${thread}.`] : []),
    'Revise the last assistant response above using all of the critics\' notes below. Keep its intent and its',
    'constraints. The Representative\'s vetoes are binding; its other suggestions are optional.',
    '',
    notesBlock(ctx, critics, prefix),
    '',
    'Return only the revised text.',
  ].join('\n');
}

function synthesisPrompt(ctx: RunContext, prefix: string, audience: string): string {
  const drafts = [1, 2, 3].map((n) => {
    const key = `enclave.${prefix}.consensus_${n}`;
    const text = ctx.outputs[key];
    if (typeof text !== 'string' || !text.trim()) throw new PipelineError(`Missing enclave consensus output: ${key}`);
    return `## Consensus ${n}\n${text.trim()}`;
  });
  return [
    'Merge the three consensus drafts below into one final revision of the last assistant response.',
    `Prefer what they agree on. Where they diverge, favour clarity, the preferences of ${audience}, the Representative's`,
    'caution and the Chameleon\'s specificity.',
    '',
    drafts.join('\n\n'),
    '',
    'Return only the final revision.',
  ].join('\n');
}

export const totEnclave: AppStageKind = {
  id: 'refine.tot_enclave',
  doc: DOC,
  source: SOURCE,
  tags: ['refine'],
  io: { requires: [], provides: [], captures: [] },
  build({ instanceId, knobs, cfg }) {
    const critics = knobs.strList('critics', { default: [...CRITIC_IDS] });
    const dupes = [...new Set(critics.filter((c, i) => critics.indexOf(c) !== i))];
    if (dupes.length) throw new Error(`Duplicate critic id(s) for ${instanceId}: ${dupes.join(', ')}`);
    const invalid = critics.filter((c) => !(CRITIC_IDS as readonly string[]).includes(c));
    if (invalid.length) {
      throw new Error(`Invalid critic id(s) for ${instanceId}: ${invalid.join(', ')} (allowed: ${[...CRITIC_IDS].sort().join(', ')})`);
    }
    if (!critics.length) throw new Error(`${knobs.keyPath('critics')} cannot be empty`);
    const maxCritics = knobs.int('max_critics', { default: critics.length, min: 1 });
    const active = critics.slice(0, maxCritics) as CriticId[];
    knobs.setEffective('max_critics', active.length);
    const reduceStyle = knobs.enum('reduce_style', ['best_of', 'consensus'] as const, 'best_of');
    const prefix = knobs.str('capture_prefix', { default: instanceId });
    const audience = audienceName(cfg.prompt.audience);
    const meta = { doc: DOC, source: SOURCE };

    const fanout = active.map((id) =>
      chatStep({
        name: id,
        merge: 'none',
        temperature: TEMPERATURE,
        captureKey: `enclave.${prefix}.${id}`,
        meta,
        prompt: (ctx) => criticPrompt(id, cfg, ctx),
      }),
    );
    const finalStep = (prompt: (ctx: RunContext) => string) =>
      chatStep({ name: 'final_consensus', merge: 'all_messages', temperature: TEMPERATURE, meta, prompt });
    const consensus =
      reduceStyle === 'best_of'
        ? generateThenSelect({
            name: 'consensus',
            generate: [1, 2, 3].map((n) =>
              chatStep({
                name: `consensus_${n}`,
                merge: 'none',
                temperature: TEMPERATURE,
                captureKey: `enclave.${prefix}.consensus_${n}`,
                meta,
                prompt: (ctx) => consensusPrompt(ctx, active, prefix, n),
              }),
            ),
            select: finalStep((ctx) => synthesisPrompt(ctx, prefix, audience)),
          })
        : block({
            name: 'consensus',
            merge: 'all_messages',
            nodes: [finalStep((ctx) => consensusPrompt(ctx, active, prefix, null))],
          });
    return block({
      name: instanceId,
      merge: 'last_response',
      nodes: [fanoutThenReduce({ name: 'tot_enclave', fanout, reduce: [consensus] })],
    });
  },
};
