/**
 * `preprompt.select_concepts` (pipeline.md §8.2, §8.3): random, fixed or file concepts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolvePathValue } from '../../config/index.js';
import { PipelineError } from '../../errors.js';
import { selectRandomConcepts } from '../../inputs/categories.js';
import { actionStage, stream } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

export const STRATEGIES = ['random', 'fixed', 'file'] as const;

function readConceptFile(abs: string): string[] {
  if (!existsSync(abs)) throw new Error(`Concept selection file not found: ${abs}`);
  if (statSync(abs).isDirectory()) throw new Error(`Concept selection file path is a directory: ${abs}`);
  const text = readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (!lines.length) throw new Error(`Concept selection file produced no concepts: ${abs}`);
  return lines;
}

export const selectConcepts: AppStageKind = {
  id: 'preprompt.select_concepts',
  doc: 'Pick the creative concepts for this run (random from the categories, a fixed list, or a file).',
  source: 'stages.preprompt.select_concepts',
  tags: ['preprompt'],
  io: { requires: [], provides: ['selected_concepts'], captures: [] },
  build({ instanceId, knobs, inputs }) {
    const strategy = knobs.enum('strategy', STRATEGIES, 'random');
    // Decision (§8.2): `fixed` and `file_path` are always consumed, validated only for their strategy.
    let fixed: string[] = [];
    if (strategy === 'fixed') fixed = knobs.strList('fixed', { default: [], nonEmpty: true });
    else knobs.setEffective('fixed', knobs.raw('fixed') ?? []);
    let filePath: string | null = null;
    if (strategy === 'file') filePath = knobs.strOrNull('file_path', { default: null });
    else knobs.setEffective('file_path', knobs.raw('file_path') ?? null);
    let fileAbs: string | null = null;
    let fileConcepts: string[] = [];
    if (strategy === 'file') {
      if (!filePath) throw new Error(`Missing required config key: ${knobs.keyPath('file_path')}`);
      fileAbs = resolvePathValue(filePath, inputs.workspaceRoot);
      fileConcepts = readConceptFile(fileAbs);
    }
    return actionStage({
      instanceId,
      fn: (ctx) => {
        let concepts: string[];
        if (strategy === 'random') concepts = selectRandomConcepts(inputs.categories, stream(ctx.seed, `concepts:${instanceId}`));
        else if (strategy === 'fixed') concepts = [...fixed];
        else concepts = [...fileConcepts];
        if (!concepts.length) throw new PipelineError(`Concept selection produced no concepts (strategy='${strategy}')`);
        ctx.selected_concepts = [...concepts];
        ctx.outputs.selected_concepts = [...concepts];
        ctx.logger.log('INFO', `Selected concepts: strategy=${strategy} count=${concepts.length}`);
        return { strategy, file_path: fileAbs, selected_concepts: concepts };
      },
    });
  },
};
