/** Shared helpers of the generation tests: temp workspaces, real configs, a small prompt-side double. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadAndParseConfig } from '../../src/config/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { block, chatStep, executePipeline, type Block, type RunContext } from '../../src/pipeline/index.js';
import { cachedCategories, cachedProfile } from '../../src/generation/input-cache.js';
import type { PromptSide } from '../../src/generation/prompt-side.js';
import { readJsonl } from '../../src/artifacts/index.js';

export const CLI = '/work/main/bin/image-project.js';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gen-${prefix}-`));
}

/** A workspace with `config/config.yaml` holding `overlay` (layered over the built-in config). */
export function workspace(prefix: string, overlay: Record<string, unknown> = {}): { dir: string; cfg: AppConfig } {
  const dir = tempDir(prefix);
  fs.mkdirSync(path.join(dir, 'config'));
  fs.writeFileSync(path.join(dir, 'config', 'config.yaml'), stringify(overlay));
  return { dir, cfg: loadAndParseConfig({ cwd: dir, env: {} }).config };
}

/**
 * A one-stage prompt side: real input loading (cached), no context, and a single chat stage
 * `double.scene` whose draft step's answer becomes `image_prompt`.
 */
export function doubleSide(opts: { failCompile?: Error; emptyPrompt?: boolean } = {}): PromptSide {
  return {
    loadCategories: (cfg) => {
      const t = cachedCategories(cfg.prompt.categories_path);
      return { table: t, rowCount: t.rows.length };
    },
    loadProfile: (cfg) => {
      const p = cachedProfile(cfg.prompt.profile_path);
      return { table: p.table, rowCount: p.table.rowCount, preferencesGuidance: p.preferencesGuidance, dislikes: [...p.dislikes] };
    },
    resolvePlan: () => 'double',
    injectContext: () => ({ guidance: '', metadata: {} }),
    systemPrompt: () => 'You write image prompts.',
    compile: () => {
      if (opts.failCompile) throw opts.failCompile;
      const stage = block({
        name: 'double.scene', merge: 'last_response', captureKey: 'image_prompt',
        meta: { stage_kind: 'double.scene', stage_instance: 'double.scene', doc: 'Draft a scene.', source: 'test', tags: [] },
        nodes: [chatStep({ name: 'draft', temperature: 0.7, meta: { role: 'primary' }, allowEmptyResponse: !!opts.emptyPrompt,
          prompt: (ctx: RunContext) => `Describe one calm harbor scene at dusk for the seed ${ctx.seed}.` })],
      });
      return {
        root: block({ name: 'pipeline', nodes: [stage] }),
        metadata: { plan: 'double', resolved_stages: ['double.scene'], capture_stage: 'double.scene', requested_plan: 'double', context_injection: 'config' },
      };
    },
    execute: async (root, ctx) => {
      await executePipeline(root as Block, ctx);
      if (opts.emptyPrompt) ctx.outputs.image_prompt = '   ';
    },
  };
}

export function readIndex(logDir: string): Record<string, unknown>[] {
  return readJsonl(path.join(logDir, 'runs_index.jsonl')).records;
}

export function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export function oplogLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.replace(/^\S+ \S+ \| /, ''));
}
