/** The real `RunnerServices`: config, compile preview, providers, generation, artifacts index. */
import { findWorkspaceRoot, loadConfig, parseConfig, type AppConfig } from '../config/index.js';
import { buildSystemPrompt } from '../context/systemPrompt.js';
import { runGeneration } from '../generation/run-generation.js';
import { getProviders } from '../providers/index.js';
import { compilePreview } from './compile-preview.js';
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

export function realServices(): RunnerServices {
  let workspace = process.cwd();
  return {
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
      return compilePreview(config as unknown as AppConfig, seed, workspace);
    },
    generationDefaults(baseCfg) {
      return generationDefaults(baseCfg, workspace);
    },
    async checkProviders(config, runMode: RunMode) {
      const set = getProviders(config);
      void set.text;
      if (runMode === 'full') void set.image;
    },
    async runGeneration(config, opts) {
      const res = await runGeneration(config as unknown as AppConfig, {
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
