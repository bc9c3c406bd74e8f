/** The real `RunnerServices`: config, compile preview, providers, generation, artifacts index. */
/**
 * Heavy modules (generation with sharp and the provider SDKs, the stage catalog) are imported on first
 * use, so `--resume` with nothing left and `--dry-run` do not pay for them.
 */
import { findWorkspaceRoot, loadConfig, parseConfig, type AppConfig } from '../config/index.js';
import { buildSystemPrompt } from '../context/systemPrompt.js';
import type { LogFn, RunnerServices } from './services.js';
import type { JsonObject, RunMode } from './types.js';

function generationDefaults(baseCfg: JsonObject, workspaceRoot: string): JsonObject {
  const { config } = parseConfig(baseCfg, { workspaceRoot });
  const text = config.providers.text;
  const image = config.providers.image;
  return {
    text_provider: text.provider,
    text_model: text.model,
    text_reasoning: text.reasoning_effort ? { effort: text.reasoning_effort } : null,
    image_provider: image.provider,
    image_model: image.model,
    image_size: image.size,
    image_quality: image.quality,
    image_moderation: image.moderation,
    system_prompt: buildSystemPrompt(config),
  };
}

async function updateIndex(storeRoot: string, log: LogFn): Promise<JsonObject> {
  const { refreshArtifactsIndex } = await import('../index/index.js');
  const res = await refreshArtifactsIndex(storeRoot);
  log('DEBUG', `Artifacts index written to ${res.outputDir}${res.unchanged ? ' (unchanged)' : ''}`);
  return { ...res.index.counts } as JsonObject;
}

type CompilePreviewFn = typeof import('./compile-preview.js').compilePreview;
type RunGenerationFn = typeof import('../generation/run-generation.js').runGeneration;

export async function realServices(): Promise<RunnerServices> {
  let workspace = process.cwd();
  let compile: CompilePreviewFn | null = null;
  let generate: RunGenerationFn | null = null;
  return {
    async warmUp() {
      // the compile preview runs synchronously per planned run: load the compiler once before planning
      compile ??= (await import('./compile-preview.js')).compilePreview;
    },
    findWorkspaceRoot(cwd) {
      workspace = findWorkspaceRoot(cwd);
      return workspace;
    },
    loadConfig(opts) {
      const loaded = loadConfig({ configPath: opts.configPath ?? null, cwd: opts.cwd, env: opts.env });
      return { dict: loaded.dict, meta: { ...loaded.meta }, notes: loaded.notes };
    },
    parseConfig(dict, opts) {
      const parsed = parseConfig(dict, { workspaceRoot: opts.workspaceRoot });
      return { config: parsed.config as unknown as JsonObject, warnings: parsed.warnings };
    },
    compilePreview(config, seed) {
      if (!compile) throw new Error('compile preview used before warmUp()');
      return compile(config as unknown as AppConfig, seed, workspace);
    },
    generationDefaults(baseCfg) {
      return generationDefaults(baseCfg, workspace);
    },
    async checkProviders(config, runMode: RunMode) {
      const { getProviders } = await import('../providers/index.js');
      const set = getProviders(config);
      void set.text;
      if (runMode === 'full') void set.image;
    },
    async runGeneration(config, opts) {
      generate ??= (await import('../generation/run-generation.js')).runGeneration;
      const res = await generate(config as unknown as AppConfig, {
        generationId: opts.generationId,
        configMeta: opts.configMeta,
        configNotes: opts.configNotes,
        updateIndex: false,
        mirrorToConsole: false,
        debug: opts.debug,
      });
      return { ...res, error: res.error ? { ...res.error } : null };
    },
    updateIndex,
  };
}
