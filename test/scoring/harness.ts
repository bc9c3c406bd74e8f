/**
 * Test harness: compile a plan of the built-in config and run it offline through the kernel, with
 * the bundled sample profile as inputs. `provider` may be a scripted double.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAndParseConfig, packageDataPath, deepMerge, builtinConfigDict, parseConfig } from '../../src/config/index.js';
import type { AppConfig } from '../../src/config/index.js';
import { compileRunPipeline } from '../../src/plans/index.js';
import { createRunContext, executePipeline, type RunContext } from '../../src/pipeline/index.js';
import type { KernelTextProvider } from '../../src/pipeline/types.js';
import { OfflineTextProvider } from '../../src/providers/offline-text.js';
import { loadProfile, preferencesGuidance, profileDislikes } from '../../src/inputs/index.js';
import { loadCategories } from '../../src/inputs/categories.js';

export function tempDir(prefix = 'scoring-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The built-in config with `overlay` layered on (config.md §3). */
export function configWith(overlay: Record<string, unknown> = {}, workspace = tempDir()): AppConfig {
  const dict = deepMerge(builtinConfigDict(), overlay) as Record<string, unknown>;
  return parseConfig(dict, { workspaceRoot: workspace }).config;
}

export function defaultConfig(): AppConfig {
  return loadAndParseConfig({ cwd: tempDir(), env: {} }).config;
}

export interface RunResult {
  ctx: RunContext;
  lines: string[];
  error: (Error & Record<string, unknown>) | null;
}

export async function runPlan(
  cfg: AppConfig,
  opts: { provider?: KernelTextProvider; historyCsv?: string; seed?: number; draft?: string; contextGuidance?: string } = {},
): Promise<RunResult> {
  const profile = loadProfile(cfg.prompt.profile_path);
  const guidance = preferencesGuidance(profile);
  const dislikes = profileDislikes(profile);
  const seed = opts.seed ?? cfg.prompt.random_seed ?? 7;
  const compiled = compileRunPipeline(cfg, {
    planInputs: {
      categories: loadCategories(cfg.prompt.categories_path),
      profile,
      preferencesGuidance: guidance,
      dislikes,
      seed,
      ...(opts.draft !== undefined ? { draftPrompt: opts.draft } : {}),
    },
  });
  const lines: string[] = [];
  const ctx = createRunContext({
    seed,
    systemPrompt: 'You are a careful prompt engineer.',
    textProvider: opts.provider ?? new OfflineTextProvider(cfg.providers.text),
    formatRetries: cfg.providers.text.format_retries,
    logger: { log: (level, message) => lines.push(`${level} | ${message}`) },
    outputs: {
      prompt_inputs: {
        categories_path: cfg.prompt.categories_path,
        profile_path: cfg.prompt.profile_path,
        generations_csv_path: opts.historyCsv ?? path.join(tempDir(), 'generations_v2.csv'),
        titles_manifest_path: null,
      },
      preferences_guidance: guidance,
      dislikes,
      prompt_pipeline: compiled.metadata,
      ...(opts.contextGuidance ? { context_guidance: opts.contextGuidance } : {}),
    },
  });
  let error: RunResult['error'] = null;
  try {
    await executePipeline(compiled.root, ctx);
  } catch (err) {
    error = err as RunResult['error'];
  }
  return { ctx, lines, error };
}

export const samplePath = (name: string): string => packageDataPath(`sample/${name}`);
