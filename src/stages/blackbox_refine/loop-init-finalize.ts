/** `init_state` and `finalize` actions of the refine loop (pipeline.md §11.5). */
import { PipelineError } from '../../errors.js';
import type { RunContext } from '../../pipeline/context.js';
import { configSnapshot, type LoopConfig } from '../../scoring/refine/loop-config.js';
import { initPromptRefine, promptRefineOf } from '../../scoring/scoring-record.js';
import { noveltyEnabledCfg } from '../../scoring/novelty.js';
import { BEAMS_KEY, beamsOf, SEED_KEY, type BeamEntry } from './loop-state.js';

export function runInitState(ctx: RunContext, loop: LoopConfig, seedSource: string): { seed_source: string; seed_chars: number } {
  const v = ctx.outputs[SEED_KEY];
  const seed = typeof v === 'string' ? v.trim() : '';
  if (!seed) throw new PipelineError(`Missing required output: ${SEED_KEY}`);
  const beams: BeamEntry[] = [{ beam_index: 1, prompt: seed, source: seedSource }];
  ctx.outputs[BEAMS_KEY] = beams;
  initPromptRefine(ctx, {
    config_snapshot: configSnapshot(loop),
    seed_output_key: SEED_KEY,
    seed_source: seedSource,
    seed_prompt: seed,
  });
  ctx.logger.log(
    'INFO',
    `Blackbox prompt refine init: algorithm=${loop.algorithm} iterations=${loop.iterations} beam_width=${loop.beam_width} ` +
      `branching_factor=${loop.branching_factor} judges=${loop.judging.judges.length} aggregation=${loop.judging.aggregation} ` +
      `novelty=${noveltyEnabledCfg(loop.novelty)} seed_source=${seedSource}`,
  );
  return { seed_source: seedSource, seed_chars: [...seed].length };
}

export function runFinalize(ctx: RunContext): string {
  const beams = beamsOf(ctx);
  if (beams.length === 0) throw new PipelineError('blackbox_refine.finalize requires bbref.beams');
  const prompt = typeof beams[0]!.prompt === 'string' ? beams[0]!.prompt.trim() : '';
  if (!prompt) throw new PipelineError('blackbox_refine.finalize produced empty prompt');
  const refine = promptRefineOf(ctx);
  if (refine) refine.final_prompt = prompt;
  ctx.logger.log('INFO', `Blackbox prompt refine finalize: chars=${[...prompt].length}`);
  return prompt;
}
