/** The judge prompt of the refine loop (pipeline.md §11.5): candidates shuffled per judge. */
import type { AppConfig } from '../../config/types.js';
import type { RunContext } from '../../pipeline/context.js';
import type { JudgeConfig, LoopConfig } from '../../scoring/refine/loop-config.js';
import type { CandidateSlot } from '../../scoring/refine/candidates.js';
import { iterTag } from '../../scoring/refine/candidates.js';
import { namedStream } from '../../scoring/stream.js';
import { conceptsBlock, contextSlot, joinSections, profileFor, section } from '../blackbox/prompt-parts.js';
import { noveltySummaryBlock } from '../blackbox/novelty-block.js';
import { RUBRICS } from './rubrics.js';
import { candidateTexts, LOOP_ID } from './loop-state.js';

export function judgePrompt(
  ctx: RunContext,
  input: { loop: LoopConfig; judge: JudgeConfig; iteration: number; slots: readonly CandidateSlot[]; cfg: AppConfig; knobPath: string },
): string {
  const texts = candidateTexts(ctx, input.iteration, input.slots, input.loop.max_prompt_chars);
  const order = namedStream(ctx.seed, `bbref_judge_order:iter_${iterTag(input.iteration)}:${input.judge.id}`).shuffle(
    texts.map((t) => ({ id: t.slot.id, prompt: t.text })),
  );
  const ids = input.slots.map((s) => s.id);
  return joinSections([
    `You are judge ${input.judge.id}, a strict numeric judge of image prompts. Score each candidate from 0 to 100.`,
    'Candidate ids and their order are arbitrary labels: they carry no information about quality.',
    section('Concepts', conceptsBlock(ctx)),
    section('Context', contextSlot(ctx, input.cfg)),
    section(
      'Profile (for judging only)',
      profileFor(ctx, input.loop.judge_profile_source, LOOP_ID, `${input.knobPath}.judge_profile_source`),
    ),
    section('Novelty summary (recent motifs, JSON)', noveltySummaryBlock(ctx, true)),
    section('Candidates (JSON)', JSON.stringify(order, null, 2)),
    RUBRICS[input.judge.rubric],
    `Return only {"scores": [{"id": ..., "score": ...}]} with exactly one integer score (0-100) for each of the ids ${ids.join(', ')}.`,
  ]);
}
