/** The candidate generator prompt of the refine loop, templates v1 and v2 (pipeline.md §11.5). */
import type { AppConfig } from '../../config/types.js';
import type { RunContext } from '../../pipeline/context.js';
import type { LoopConfig } from '../../scoring/refine/loop-config.js';
import { feedbackBucket, feedbackText, type FeedbackByBeam, type FeedbackOverall } from '../../scoring/refine/score-feedback.js';
import { conceptsBlock, contextSlot, NONE, profileFor } from '../blackbox/prompt-parts.js';
import { noveltySummaryBlock } from '../blackbox/novelty-block.js';
import { RUBRICS } from './rubrics.js';
import { beamPrompt, beamsOf, feedbackKeys, LOOP_ID } from './loop-state.js';

export interface GeneratorPromptInput {
  loop: LoopConfig;
  iteration: number;
  beam: number;
  directive: string | null;
  cfg: AppConfig;
  knobPath: string;
}

interface Block {
  heading: string;
  enabled: boolean;
  body: () => string;
}

function feedbackFor(ctx: RunContext, input: GeneratorPromptInput): string | null {
  if (input.iteration < 2 || input.loop.variation_prompt.score_feedback !== 'best_worst') return null;
  const keys = feedbackKeys(input.iteration - 1);
  const byBeam = ctx.outputs[keys.by_beam] as FeedbackByBeam[] | undefined;
  const overall = ctx.outputs[keys.overall] as FeedbackOverall | undefined;
  const bucket = feedbackBucket(byBeam, overall, beamsOf(ctx)[input.beam - 1], input.beam);
  return bucket ? feedbackText(input.iteration - 1, bucket.beam_index, bucket) : null;
}

function blocks(ctx: RunContext, input: GeneratorPromptInput): Block[] {
  const v = input.loop.variation_prompt;
  return [
    { heading: 'Concepts', enabled: v.include_concepts, body: () => conceptsBlock(ctx) },
    { heading: 'Context', enabled: v.include_context_guidance, body: () => contextSlot(ctx, input.cfg) },
    {
      heading: 'Profile',
      enabled: v.include_profile,
      body: () => profileFor(ctx, v.profile_source, LOOP_ID, `${input.knobPath}.variation_prompt.profile_source`),
    },
    { heading: 'Novelty summary (recent motifs, JSON)', enabled: v.include_novelty_summary, body: () => noveltySummaryBlock(ctx, true) },
    { heading: 'Scoring rubric', enabled: v.include_scoring_rubric, body: () => RUBRICS.default },
  ];
}

function mutationLine(input: GeneratorPromptInput): string | null {
  if (!input.loop.variation_prompt.include_mutation_directive) return null;
  return input.directive ? `Mutation directive: ${input.directive}` : 'Mutation directive: <none> (choose the axes yourself).';
}

function limitLine(loop: LoopConfig): string | null {
  return loop.max_prompt_chars !== null ? `Stay under ${loop.max_prompt_chars} characters.` : null;
}

function v1(ctx: RunContext, input: GeneratorPromptInput): string {
  const parts: string[] = [
    [
      'You are improving an image-generation prompt. Write ONE new variant that is clearly different from the base prompt:',
      'not a paraphrase. Change at least two major axes among framing/perspective, setting/time/weather, light/palette,',
      'medium/style, and subject/action/props, while keeping the result concrete, coherent and free of clichés.',
    ].join(' '),
    `Base prompt:\n${beamPrompt(ctx, input.beam)}`,
  ];
  for (const b of blocks(ctx, input)) if (b.enabled) parts.push(`${b.heading}:\n${b.body().trim() || NONE}`);
  const feedback = feedbackFor(ctx, input);
  if (feedback) parts.push(feedback);
  const mutation = mutationLine(input);
  if (mutation) parts.push(mutation);
  parts.push(
    [
      'Output rules:',
      '- Output the new prompt only: no title, no explanation, no markdown or code fences.',
      '- Concrete nouns and visual facts; no vague praise words.',
      ...(limitLine(input.loop) ? [`- ${limitLine(input.loop)}`] : []),
    ].join('\n'),
  );
  return parts.join('\n\n');
}

function v2(ctx: RunContext, input: GeneratorPromptInput): string {
  const parts: string[] = [
    'Rewrite the base prompt into one clearly different, stronger variant (change at least two major visual axes).',
    `BASE PROMPT:\n${beamPrompt(ctx, input.beam)}`,
  ];
  for (const b of blocks(ctx, input)) {
    parts.push(`${b.heading.toUpperCase()}:\n${b.enabled ? b.body().trim() || NONE : '<omitted>'}`);
  }
  const feedback = feedbackFor(ctx, input);
  if (feedback) parts.push(feedback);
  const mutation = mutationLine(input);
  if (mutation) parts.push(mutation);
  parts.push(
    [
      'HARD RULES:',
      '- Prompt text only; no markdown, no fences, no commentary.',
      '- Not a paraphrase; concrete and renderable; no clichés.',
      `- ${limitLine(input.loop) ?? 'No fixed character limit; stay concise.'}`,
    ].join('\n'),
  );
  return parts.join('\n\n');
}

export function generatorPrompt(ctx: RunContext, input: GeneratorPromptInput): string {
  return input.loop.variation_prompt.template === 'v2' ? v2(ctx, input) : v1(ctx, input);
}
