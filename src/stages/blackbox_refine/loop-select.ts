/** The `select` action of one refine iteration (pipeline.md §11.5 select, §11.6 iteration record). */
import { PipelineError } from '../../errors.js';
import type { RunContext } from '../../pipeline/context.js';
import { blameStep } from '../../pipeline/errors.js';
import { parseJudgeOutput } from '../../scoring/judge-output.js';
import { noveltyEnabledCfg, noveltyPenalty, summaryAvailable, type PenaltyResult } from '../../scoring/novelty.js';
import { aggregateCandidates } from '../../scoring/refine/aggregate.js';
import { selectBeams, sortCandidateRows, type CandidateRow } from '../../scoring/refine/beam-selection.js';
import { iterTag, mutationDirective, type CandidateSlot } from '../../scoring/refine/candidates.js';
import { variationPromptSnapshot, type LoopConfig } from '../../scoring/refine/loop-config.js';
import { buildFeedback } from '../../scoring/refine/score-feedback.js';
import { promptRefineOf } from '../../scoring/scoring-record.js';
import { namedStream } from '../../scoring/stream.js';
import { pyList } from '../../inputs/promptBlocks.js';
import { noveltySummaryOf } from '../blackbox/novelty-block.js';
import { BEAMS_KEY, candidateTexts, feedbackKeys, judgeKey, judgePath, iterationBlockName, LOOP_ID, type BeamEntry } from './loop-state.js';

export interface SelectInput {
  loop: LoopConfig;
  iteration: number;
  slots: readonly CandidateSlot[];
  knobPath: string;
}

/** The directive a generated candidate was given (null for parents or when off). */
export function directiveFor(ctx: RunContext, loop: LoopConfig, iteration: number, slot: CandidateSlot): string | null {
  if (slot.kind === 'parent' || !loop.variation_prompt.include_mutation_directive) return null;
  return mutationDirective(loop.mutation_directives.mode, loop.mutation_directives.directives, iteration, slot.ordinal, () =>
    namedStream(ctx.seed, `bbref_mutation:iter_${iterTag(iteration)}:${slot.id}`),
  );
}

function warn(ctx: RunContext, warnings: string[], message: string): void {
  ctx.logger.log('WARNING', message);
  warnings.push(message);
}

export function runSelect(ctx: RunContext, input: SelectInput): { iteration: number; selection_mode: string; selected_ids: string[] } {
  const { loop, iteration: t, slots, knobPath: p } = input;
  const tt = iterTag(t);
  const selectPath = `pipeline/${LOOP_ID}/${iterationBlockName(t)}/select`;
  const warnings: string[] = [];
  const ids = slots.map((s) => s.id);

  // 1. texts
  const texts = candidateTexts(ctx, t, slots, loop.max_prompt_chars);
  const truncated = texts.filter((x) => x.truncated).map((x) => x.slot.id);
  if (truncated.length > 0) {
    warn(ctx, warnings, `Candidate prompt(s) exceeded ${p}.max_prompt_chars and were truncated: max=${loop.max_prompt_chars} ids=${pyList(truncated)}`);
  }
  const summary = noveltySummaryOf(ctx);
  const available = summaryAvailable(summary);
  const enabledCfg = noveltyEnabledCfg(loop.novelty);
  if (loop.variation_prompt.include_novelty_summary && !available) {
    warn(ctx, warnings, `${selectPath}: ${p}.variation_prompt.include_novelty_summary=true but novelty summary is unavailable; using <none>`);
  }
  if (enabledCfg && !available) {
    warn(ctx, warnings, `${selectPath}: ${p}.novelty.enabled=true but novelty summary is unavailable; novelty penalties disabled for this run`);
  }

  // 2. judges
  const judgeOutputs = loop.judging.judges.map((judge) => {
    const key = judgeKey(t, judge.id);
    const raw = ctx.outputs[key];
    if (typeof raw !== 'string' || !raw.trim()) throw new PipelineError(`Missing required output: ${key}`);
    let scores: Record<string, number>;
    try {
      scores = parseJudgeOutput(raw, ids);
    } catch (err) {
      throw blameStep(err, judgePath(t, judge.id));
    }
    return { judge, raw, scores };
  });

  // 3. aggregate
  const aggregate = aggregateCandidates(
    ids,
    judgeOutputs.map((j) => ({ weight: j.judge.weight, scores: j.scores })),
    loop.judging.aggregation,
    loop.judging.trimmed_mean_drop,
  );

  // 4. novelty penalty on the truncated text
  const rows: CandidateRow[] = texts.map((x) => {
    const detail: PenaltyResult = !enabledCfg
      ? { penalty: 0, reason: 'novelty_disabled' }
      : !available
        ? { penalty: 0, reason: 'novelty_missing' }
        : noveltyPenalty(x.text, summary, loop.novelty);
    const score = aggregate[x.slot.id]!;
    return {
      id: x.slot.id,
      score,
      novelty_penalty: detail.penalty,
      novelty_detail: detail,
      effective_score: Math.max(0, score - detail.penalty),
      prompt_chars: x.chars,
      parent_beam: x.slot.parent_beam,
      kind: x.slot.kind,
    };
  });

  // 5. sort; 6. feedback
  const sorted = sortCandidateRows(rows, loop.selection.tie_breaker);
  const promptsById = new Map(texts.map((x) => [x.slot.id, x.text]));
  const feedback = buildFeedback(t, sorted, promptsById, loop.variation_prompt.score_feedback_max_chars);
  const keys = feedbackKeys(t);
  ctx.outputs[keys.by_beam] = feedback.byBeam;
  ctx.outputs[keys.overall] = feedback.overall;

  // 7. selection
  const stream = namedStream(ctx.seed, `bbref_select:iter_${tt}`);
  const rate = loop.selection.exploration_rate_override ?? loop.exploration_rate;
  const k = loop.algorithm === 'hillclimb' ? 1 : loop.beam_width;
  const grouped = loop.algorithm === 'beam' && loop.selection.group_by_beam;
  const selection = selectBeams(sorted, k, rate, grouped, stream);

  // 8. new beams
  const beams: BeamEntry[] = selection.picks.map((row, i) => {
    const prompt = promptsById.get(row.id) ?? '';
    if (!prompt.trim()) throw new PipelineError(`Selected candidate produced empty prompt: ${row.id}`);
    return {
      beam_index: i + 1,
      prompt,
      candidate_id: row.id,
      score: row.score,
      novelty_penalty: row.novelty_penalty,
      effective_score: row.effective_score,
      parent_beam: row.parent_beam,
      kind: row.kind,
    };
  });
  ctx.outputs[BEAMS_KEY] = beams;

  // 9. record
  const selectedIds = selection.picks.map((r) => r.id);
  const record = {
    iteration: t,
    algorithm: loop.algorithm,
    beam_width: loop.beam_width,
    branching_factor: loop.branching_factor,
    include_parents_as_candidates: loop.include_parents_as_candidates,
    candidate_count: slots.length,
    variation_prompt: variationPromptSnapshot(loop.variation_prompt),
    candidates: texts.map((x) => ({
      id: x.slot.id,
      kind: x.slot.kind,
      parent_beam: x.slot.parent_beam,
      prompt_chars: x.chars,
      prompt_chars_original: x.original_chars,
      prompt_truncated: x.truncated,
      max_prompt_chars: loop.max_prompt_chars,
      mutation_directive: directiveFor(ctx, loop, t, x.slot),
    })),
    judge_outputs: judgeOutputs.map((j) => ({
      judge_id: j.judge.id,
      model: j.judge.model ?? loop.judge_model,
      temperature: j.judge.temperature ?? loop.judge_temperature,
      weight: j.judge.weight,
      rubric: j.judge.rubric,
      raw_json: j.raw,
      parsed_scores: j.scores,
      parse_status: 'ok',
    })),
    aggregate: { method: loop.judging.aggregation, trimmed_mean_drop: loop.judging.trimmed_mean_drop, scores: aggregate },
    selection: {
      exploration_seed: stream.subseed,
      exploration_rate: rate,
      exploration_roll: selection.roll,
      selection_mode: selection.mode,
      tie_breaker: loop.selection.tie_breaker,
      selected_ids: selectedIds,
      novelty: { method: loop.novelty.method, enabled_cfg: enabledCfg, summary_available: available, missing_summary: enabledCfg && !available },
      score_table: sorted.map((r) => ({
        id: r.id,
        score: r.score,
        novelty_penalty: r.novelty_penalty,
        novelty_detail: r.novelty_detail,
        effective_score: r.effective_score,
        prompt_chars: r.prompt_chars,
        parent_beam: r.parent_beam,
        kind: r.kind,
      })),
    },
    score_feedback: {
      mode: loop.variation_prompt.score_feedback,
      by_beam: feedback.byBeam.map((b) => ({
        beam_index: b.beam_index,
        best_id: b.best.id,
        best_effective_score: b.best.effective_score,
        worst_id: b.worst.id,
        worst_effective_score: b.worst.effective_score,
      })),
      output_keys: keys,
    },
    beams_out: beams,
    warnings,
  };
  const refine = promptRefineOf(ctx);
  if (!refine) throw new PipelineError('blackbox_refine.loop state missing: init_state did not run');
  refine.iterations.push(record);
  ctx.logger.log('INFO', `Blackbox prompt refine iter=${tt} mode=${selection.mode} selected=${pyList(selectedIds)}`);
  return { iteration: t, selection_mode: selection.mode, selected_ids: selectedIds };
}
