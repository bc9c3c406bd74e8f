/**
 * The real `RunnerServices`: config, compile preview, providers, generation, artifacts index.
 * Heavy modules (the config schema, the stage catalog, generation with sharp and the provider SDKs)
 * are imported on first use: `warmUp()` loads what planning and parsing need, generation loads with
 * the first run, so `--resume` with nothing left to run pays for none of them.
 */
import { findWorkspaceRoot } from '../config/paths.js';
import type { LogFn, RunnerServices } from './services.js';
import type { JsonObject, RunMode } from './types.js';

type ConfigModule = typeof import('../config/index.js');
type CompilePreviewFn = typeof import('./compile-preview.js').compilePreview;
type RunGenerationFn = typeof import('../generation/run-generation.js').runGeneration;
type AppConfig = import('../config/index.js').AppConfig;

async function updateIndex(storeRoot: string, log: LogFn): Promise<JsonObject> {
  const { refreshArtifactsIndex } = await import('../index/index.js');
  const res = await refreshArtifactsIndex(storeRoot);
  log('DEBUG', `Artifacts index written to ${res.outputDir}${res.unchanged ? ' (unchanged)' : ''}`);
  return { ...res.index.counts } as JsonObject;
}

export async function realServices(): Promise<RunnerServices> {
  let workspace = process.cwd();
  let config: ConfigModule | null = null;
  let systemPrompt: ((cfg: AppConfig) => string) | null = null;
  let compile: CompilePreviewFn | null = null;
  let generate: RunGenerationFn | null = null;
  const cfgModule = (): ConfigModule => {
    if (!config) throw new Error('config module used before warmUp()');
    return config;
  };
  return {
    async warmUp() {
      config ??= await import('../config/index.js');
      systemPrompt ??= (await import('../context/systemPrompt.js')).buildSystemPrompt;
      // the compile preview runs synchronously per planned run: load the compiler once before planning
      compile ??= (await import('./compile-preview.js')).compilePreview;
    },
    findWorkspaceRoot(cwd) {
      workspace = findWorkspaceRoot(cwd);
      return workspace;
    },
    loadConfig(opts) {
      const loaded = cfgModule().loadConfig({ configPath: opts.configPath ?? null, cwd: opts.cwd, env: opts.env });
      return { dict: loaded.dict, meta: { ...loaded.meta }, notes: loaded.notes };
    },
    parseConfig(dict, opts) {
      const parsed = cfgModule().parseConfig(dict, { workspaceRoot: opts.workspaceRoot });
      return { config: parsed.config as unknown as JsonObject, warnings: parsed.warnings };
    },
    compilePreview(cfg, seed) {
      if (!compile) throw new Error('compile preview used before warmUp()');
      return compile(cfg as unknown as AppConfig, seed, workspace);
    },
    generationDefaults(baseCfg) {
      const { config: cfg } = cfgModule().parseConfig(baseCfg, { workspaceRoot: workspace });
      const text = cfg.providers.text;
      const image = cfg.providers.image;
      return {
        text_provider: text.provider,
        text_model: text.model,
        text_reasoning: text.reasoning_effort ? { effort: text.reasoning_effort } : null,
        image_provider: image.provider,
        image_model: image.model,
        image_size: image.size,
        image_quality: image.quality,
        image_moderation: image.moderation,
        system_prompt: systemPrompt ? systemPrompt(cfg) : null,
      };
    },
    async checkProviders(cfg, runMode: RunMode) {
      const { getProviders } = await import('../providers/index.js');
      const set = getProviders(cfg);
      void set.text;
      if (runMode === 'full') {
        void set.image;
        // full mode only: load the image code (sharp, opentype.js) once before the first run, as the
        // providers are; prompt_only runs never load it
        await Promise.all([import('../generation/image-stage.js'), import('../providers/sharp-lazy.js').then((m) => m.loadSharp())]);
      }
    },
    async runGeneration(cfg, opts) {
      generate ??= (await import('../generation/run-generation.js')).runGeneration;
      const res = await generate(cfg as unknown as AppConfig, {
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
