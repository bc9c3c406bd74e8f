/**
 * `preprompt.filter_concepts` (pipeline.md §8.2, §8.3): ordered concept filters; `dislike_rewrite`
 * is one direct call (its own two messages) that rewrites concepts clashing with the dislikes.
 */
import * as z from 'zod';
import { errorMessage } from '../../errors.js';
import { pyList, runConcepts, runDislikes } from '../../inputs/promptBlocks.js';
import { actionStage, checkResponseFormat, jsonSchemaFormat, parseJsonText, type RunContext } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

export const FILTER_NAMES = ['dislike_rewrite'] as const;
type FilterName = (typeof FILTER_NAMES)[number];

interface FilterEntry {
  name: string;
  input_concepts: string[];
  output_concepts: string[];
  raw_response: string | null;
  error: string | null;
  note: string | null;
}

const REWRITE_SYSTEM = [
  'You review a short list of creative concepts for an artwork against the audience\'s dislikes.',
  'Rewrite only the concepts that clash with a dislike into a close alternative that keeps the original intent and energy;',
  'leave every other concept exactly as it is. Keep the same number of concepts, in the same order, and keep the variety of the list.',
  'Do not over-censor: a concept that merely sits near a dislike without featuring it stays unchanged.',
  'Answer with JSON only: {"concepts": [ ... ]}.',
].join(' ');

function rewriteFormat(count: number) {
  return jsonSchemaFormat({
    name: 'concept_rewrite',
    schema: z.strictObject({ concepts: z.array(z.string()).length(count) }),
  });
}

/** Accept `{"concepts": [...]}` or a bare array of strings. */
export function parseRewrittenConcepts(text: string): string[] | null {
  try {
    const parsed = parseJsonText(text);
    const list = Array.isArray(parsed) ? parsed : (parsed as { concepts?: unknown })?.concepts;
    if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) return null;
    return (list as string[]).map((c) => c.trim());
  } catch {
    return null;
  }
}

async function dislikeRewrite(ctx: RunContext, concepts: string[], temperature: number): Promise<FilterEntry> {
  const entry: FilterEntry = {
    name: 'dislike_rewrite',
    input_concepts: [...concepts],
    output_concepts: [...concepts],
    raw_response: null,
    error: null,
    note: null,
  };
  const dislikes = runDislikes(ctx);
  if (!dislikes.length) return { ...entry, note: 'skipped: no dislikes provided' };
  if (!concepts.length) return { ...entry, note: 'skipped: no concepts provided' };
  const provider = ctx.textProvider;
  if (!provider) return { ...entry, error: 'no text provider available; kept original concepts' };
  const format = rewriteFormat(concepts.length);
  const messages = [
    { role: 'system' as const, content: REWRITE_SYSTEM },
    {
      role: 'user' as const,
      content: `Concepts (JSON array):\n${JSON.stringify(concepts)}\n\nDislikes (JSON array):\n${JSON.stringify(dislikes)}`,
    },
  ];
  const attempts = 1 + Math.max(0, ctx.formatRetries);
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const reply = await provider.complete({
        messages,
        temperature,
        responseFormat: { type: 'json_schema', name: format.name, schema: format.schema },
        log: (level, message) => ctx.logger.log(level, message),
      });
      entry.raw_response = reply.text;
      const reason = checkResponseFormat(format, reply.text ?? '', ctx);
      if (reason === null || attempt === attempts) break;
      ctx.logger.log('WARNING', `Response format check failed for concept filter dislike_rewrite (attempt ${attempt}/${attempts}): ${reason}`);
    }
  } catch (err) {
    return { ...entry, error: `${errorMessage(err)}; kept original concepts` };
  }
  const rewritten = parseRewrittenConcepts(entry.raw_response ?? '');
  if (!rewritten) return { ...entry, error: 'Failed to parse JSON array; kept original concepts' };
  if (rewritten.length !== concepts.length) {
    return {
      ...entry,
      error: `Rewritten concept count mismatch (expected=${concepts.length} got=${rewritten.length}); kept original concepts`,
    };
  }
  return { ...entry, output_concepts: rewritten };
}

export const filterConcepts: AppStageKind = {
  id: 'preprompt.filter_concepts',
  doc: 'Rewrite selected concepts that clash with the profile dislikes (optional filters, in order).',
  source: 'stages.preprompt.filter_concepts',
  tags: ['preprompt'],
  io: { requires: ['selected_concepts'], provides: ['selected_concepts', 'concept_filter_log'], captures: [] },
  build({ instanceId, knobs }) {
    const enabled = knobs.bool('enabled', false);
    const order = knobs.strList('order', { default: ['dislike_rewrite'] });
    order.forEach((name, i) => {
      if (!(FILTER_NAMES as readonly string[]).includes(name)) {
        throw new Error(`${knobs.keyPath('order')}[${i}] must be one of: ${[...FILTER_NAMES].sort().join(', ')} (got '${name}')`);
      }
    });
    if (enabled && order.length === 0) throw new Error(`${knobs.keyPath('order')} cannot be empty`);
    const rewrite = knobs.mapping('dislike_rewrite');
    const rewriteEnabled = rewrite.bool('enabled', true);
    const rewriteTemperature = rewrite.float('temperature', { default: 0.25, min: 0, max: 2 });
    const filterEnabled: Record<FilterName, boolean> = { dislike_rewrite: rewriteEnabled };

    return actionStage({
      instanceId,
      fn: async (ctx) => {
        const input = runConcepts(ctx);
        let current = [...input];
        const applied: string[] = [];
        const skipped: { name: string; reason: string }[] = [];
        const filters: FilterEntry[] = [];
        if (!enabled) skipped.push({ name: '<all>', reason: 'disabled' });
        else {
          for (const name of order as FilterName[]) {
            if (!filterEnabled[name]) {
              skipped.push({ name, reason: 'disabled' });
              continue;
            }
            const entry = await dislikeRewrite(ctx, current, rewriteTemperature);
            filters.push(entry);
            applied.push(name);
            ctx.logger.log('INFO', `Concept filter ${name}: input=${pyList(entry.input_concepts)} output=${pyList(entry.output_concepts)}`);
            if (entry.raw_response !== null) ctx.logger.log('DEBUG', `Concept filter ${name} raw response: ${entry.raw_response}`);
            if (entry.error) ctx.logger.log('WARNING', `Concept filter ${name} error: ${entry.error}`);
            if (entry.note) ctx.logger.log('INFO', `Concept filter ${name} note: ${entry.note}`);
            current = [...entry.output_concepts];
          }
        }
        ctx.selected_concepts = [...current];
        ctx.outputs.selected_concepts = [...current];
        ctx.outputs.concept_filter_log = { enabled, order, applied, skipped, input, output: current, filters };
        return { input, output: current, applied, skipped };
      },
    });
  },
};
