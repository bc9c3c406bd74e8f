/**
 * Prompts that turn the selected idea card into an image prompt (pipeline.md §8.3):
 * `image_prompt_creation`, `image_prompt_draft`, `image_prompt_refine`, `blackbox_refine.seed_prompt`.
 */
import type { AppConfig } from '../../config/types.js';
import type { KnobReader } from '../../pipeline/knobs.js';
import type { RunContext } from '../../pipeline/context.js';
import type { Block } from '../../pipeline/nodes.js';
import { chatStage } from '../../pipeline/stageKind.js';
import type { MergeMode } from '../../pipeline/types.js';
import { PipelineError } from '../../errors.js';
import { JUDGE_PROFILE_SOURCES, readTemperature } from './knob-helpers.js';
import { conceptsBlock, contextSlot, joinSections, profileFor, requireOutput, section } from './prompt-parts.js';

export interface FinalPromptKnobs {
  final_profile_source: (typeof JUDGE_PROFILE_SOURCES)[number];
  temperature: number;
}

export function readFinalPromptKnobs(knobs: KnobReader, temperature: number): FinalPromptKnobs {
  return {
    final_profile_source: knobs.enum('final_profile_source', JUDGE_PROFILE_SOURCES, 'raw'),
    temperature: readTemperature(knobs, 'temperature', temperature),
  };
}

export function selectedCardJson(ctx: RunContext): string {
  const card = ctx.outputs.selected_idea_card;
  if (card === undefined || card === null || card === '') throw new PipelineError('Missing required output: selected_idea_card');
  return typeof card === 'string' ? card : JSON.stringify(card, null, 2);
}

interface Parts {
  stageId: string;
  knobs: FinalPromptKnobs;
  cfg: AppConfig;
}

function commonInputs(ctx: RunContext, p: Parts): string[] {
  const knobPath = `prompt.stage_configs.resolved.${p.stageId}.final_profile_source`;
  return [
    section('Concepts', conceptsBlock(ctx)),
    section('Context', contextSlot(ctx, p.cfg)),
    section('Profile', profileFor(ctx, p.knobs.final_profile_source, p.stageId, knobPath)),
    section('Selected idea card (JSON)', selectedCardJson(ctx)),
  ];
}

const FINAL_RULES = [
  'Rules:',
  '- Output the prompt only: no title, no quotes, no markdown, no commentary.',
  '- Use short labelled lines (Subject, Action, Setting, Light, Framing, Medium, Palette, Materials).',
  '- Be concrete about subject, action, setting, light, framing, medium, palette and materials.',
  '- No generic adjectives ("beautiful", "stunning") and no clichés.',
  '- Dislikes are things to avoid; never "fix" a dislike by adding its opposite with a positive modifier.',
].join('\n');

/** The final prompt from the card (`image_prompt_creation`, `seed_prompt`). */
export function creationPrompt(ctx: RunContext, p: Parts): string {
  return joinSections([
    'Write the final image-generation prompt for the selected idea card below.',
    FINAL_RULES,
    ...commonInputs(ctx, p),
  ]);
}

/** A compact draft from the card, kept for refinement (`image_prompt_draft`). */
export function draftPrompt(ctx: RunContext, p: Parts): string {
  return joinSections([
    'Write a compact first draft of an image-generation prompt for the selected idea card below.',
    'Keep it to a few short labelled lines; it will be refined in a later step. Output the draft only.',
    ...commonInputs(ctx, p),
  ]);
}

/** Silent improvement of the draft (`image_prompt_refine`). */
export function refinePrompt(ctx: RunContext, p: Parts): string {
  const draft = requireOutput(ctx, 'blackbox_draft_image_prompt');
  return joinSections([
    'Improve the draft image prompt below without explaining your changes.',
    [
      'Rules:',
      '- Treat Loves as near-mandatory and Hates as hard excludes; never "fix" a dislike by adding its opposite.',
      '- Sharpen the specifics (subject, setting, light, framing, palette, materials) and cut vague words.',
      '- Remove contradictions; keep it concise; output the revised prompt only.',
    ].join('\n'),
    section('Draft', draft),
    ...commonInputs(ctx, p),
  ]);
}

export interface FinalPromptStageSpec {
  /** Default of the `temperature` knob. */
  temperature: number;
  /** The prompt builder (`creationPrompt`, `draftPrompt`, `refinePrompt`). */
  prompt: (ctx: RunContext, p: Parts) => string;
  merge: MergeMode;
  captureKey?: string;
}

/** The chat stage of the four kinds above: reads the `final_profile_source`/`temperature` knobs, one prompt builder. */
export function finalPromptStage(
  input: { instanceId: string; knobs: KnobReader; cfg: AppConfig },
  spec: FinalPromptStageSpec,
): Block {
  const k = readFinalPromptKnobs(input.knobs, spec.temperature);
  const parts: Parts = { stageId: input.instanceId, knobs: k, cfg: input.cfg };
  return chatStage({
    instanceId: input.instanceId,
    merge: spec.merge,
    prompt: (ctx) => spec.prompt(ctx, parts),
    temperature: k.temperature,
    ...(spec.captureKey ? { captureKey: spec.captureKey } : {}),
  });
}
