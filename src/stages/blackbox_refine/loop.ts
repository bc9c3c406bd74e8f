/** `blackbox_refine.loop`: iterative generate → judge → select refinement of the seed prompt (§11.5). */
import type { AppConfig } from '../../config/types.js';
import type { AppStageKind } from '../../plans/types.js';
import { actionStep, block, chatStep, type PipelineNode } from '../../pipeline/nodes.js';
import { candidateSlots, iterTag, type CandidateSlot } from '../../scoring/refine/candidates.js';
import type { LoopConfig } from '../../scoring/refine/loop-config.js';
import { modelParams } from '../blackbox/knob-helpers.js';
import { judgeFormat } from '../blackbox/judge-format.js';
import { readLoopKnobs } from './loop-knobs.js';
import { generatorPrompt } from './generator-prompt.js';
import { judgePrompt } from './judge-prompt.js';
import { directiveFor, runSelect } from './loop-select.js';
import { runFinalize, runInitState } from './loop-init-finalize.js';
import { beamTag, candidateKey, iterationBlockName, judgeKey, LOOP_ID } from './loop-state.js';

const SOURCE = `stages.${LOOP_ID}`;

interface BuildParts {
  loop: LoopConfig;
  cfg: AppConfig;
  knobPath: string;
}

function candidateStep(parts: BuildParts, t: number, slot: CandidateSlot): PipelineNode {
  const { loop } = parts;
  return chatStep({
    name: `cand_${slot.id}`,
    merge: 'none',
    temperature: loop.generator_temperature,
    params: modelParams(loop.generator_model),
    captureKey: candidateKey(t, slot),
    meta: {
      doc: `Refine candidate ${slot.id} (iteration ${t}, beam ${slot.parent_beam})`,
      source: SOURCE,
      candidate_id: slot.id,
      candidate_kind: slot.kind,
      parent_beam: slot.parent_beam,
      iteration: t,
    },
    prompt: (ctx) =>
      generatorPrompt(ctx, {
        loop,
        iteration: t,
        beam: slot.parent_beam,
        directive: directiveFor(ctx, loop, t, slot),
        cfg: parts.cfg,
        knobPath: parts.knobPath,
      }),
  });
}

function iterationBlock(parts: BuildParts, t: number): PipelineNode {
  const { loop } = parts;
  const slots = candidateSlots(t, loop);
  const beams = [...new Set(slots.map((s) => s.parent_beam))];
  const beamBlocks = beams.map((b) =>
    block({
      name: `beam_${beamTag(b)}`,
      merge: 'none',
      nodes: slots.filter((s) => s.parent_beam === b && s.kind === 'generated').map((s) => candidateStep(parts, t, s)),
    }),
  );
  const ids = slots.map((s) => s.id);
  const judges = loop.judging.judges.map((judge) =>
    chatStep({
      name: judge.id,
      merge: 'none',
      temperature: judge.temperature ?? loop.judge_temperature,
      params: modelParams(judge.model ?? loop.judge_model),
      captureKey: judgeKey(t, judge.id),
      responseFormat: judgeFormat(`bbref_judge_scores_iter_${iterTag(t)}`, ids),
      meta: {
        doc: `Judge ${judge.id} scores the iteration ${t} candidates`,
        source: SOURCE,
        judge_id: judge.id,
        rubric: judge.rubric,
        weight: judge.weight,
        iteration: t,
      },
      prompt: (ctx) => judgePrompt(ctx, { loop, judge, iteration: t, slots, cfg: parts.cfg, knobPath: parts.knobPath }),
    }),
  );
  return block({
    name: iterationBlockName(t),
    merge: 'none',
    meta: { doc: `Refine iteration ${t} of ${loop.iterations}`, tags: ['blackbox_refine'], iteration: t },
    nodes: [
      ...beamBlocks,
      block({ name: 'judge', merge: 'none', nodes: judges }),
      actionStep({ name: 'select', fn: (ctx) => runSelect(ctx, { loop, iteration: t, slots, knobPath: parts.knobPath }) }),
    ],
  });
}

export const loopStage: AppStageKind = {
  id: LOOP_ID,
  doc: 'Refine the seed prompt: per iteration generate variants, score them with judges, keep the best (hill-climb or beam).',
  io: { requires: ['bbref.seed_prompt'], provides: ['bbref.beams'] },
  build({ instanceId, knobs, cfg, inputs }) {
    if (instanceId !== LOOP_ID) throw new Error(`${LOOP_ID} does not support custom instance ids: ${instanceId}`);
    const loop = readLoopKnobs(knobs);
    const seedSource = loop.seed_source ?? (inputs.draftPrompt ? 'draft' : 'blackbox');
    knobs.setEffective('seed_source', seedSource);
    const parts: BuildParts = { loop, cfg, knobPath: knobs.path };
    const iterations = Array.from({ length: loop.iterations }, (_, i) => iterationBlock(parts, i + 1));
    return block({
      name: instanceId,
      merge: 'none',
      nodes: [
        block({
          name: 'blackbox_refine.init_state',
          merge: 'none',
          nodes: [actionStep({ name: 'action', fn: (ctx) => runInitState(ctx, loop, seedSource) })],
        }),
        ...iterations,
        block({
          name: 'blackbox_refine.finalize',
          merge: 'none',
          nodes: [actionStep({ name: 'action', fn: (ctx) => runFinalize(ctx) })],
        }),
      ],
    });
  },
};
