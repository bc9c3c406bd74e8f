/**
 * `experiment_plan.json` (§5.1) and `experiment_plan_full.json` (§5.2): planned-run entries and the
 * per-run parse result + compile preview (§4.5).
 */
import { statSync } from 'node:fs';
import { errorMessage } from '../errors.js';
import type { ConfigNoteLike, RunnerServices } from './services.js';
import type { JsonObject, RunSpec } from './types.js';

export interface ConfigErrorInfo {
  type: string;
  message: string;
}

/** One planned run after the preview: its entry for the full plan and, when it parsed, the config to run. */
export interface PreparedRun {
  index: number;
  spec: RunSpec;
  /** Parsed config (null when parsing failed). */
  config: JsonObject | null;
  configError: ConfigErrorInfo | null;
  /** Parse warnings, handed to the run's oplog. */
  warnings: ConfigNoteLike[];
  fullEntry: JsonObject;
}

export function errorInfo(err: unknown): ConfigErrorInfo {
  const type = err && typeof err === 'object' && typeof (err as { type?: unknown }).type === 'string'
    ? (err as { type: string }).type
    : err instanceof Error ? err.name : 'Error';
  return { type, message: errorMessage(err) };
}

function planOf(cfg: JsonObject): string | null {
  const prompt = cfg['prompt'];
  if (prompt && typeof prompt === 'object' && !Array.isArray(prompt)) {
    const plan = (prompt as JsonObject)['plan'];
    if (typeof plan === 'string') return plan.trim().toLowerCase() || null;
  }
  return null;
}

/** `variant, variant_name, plan, run, generation_id, seed`, then the meta keys (§5.1). */
export function plannedRunEntry(spec: RunSpec): JsonObject {
  return {
    variant: spec.variant,
    variant_name: spec.variantName,
    plan: planOf(spec.cfg),
    run: spec.run,
    generation_id: spec.generationId,
    seed: spec.seed,
    ...spec.meta,
  };
}

type FileCheck = string | null;

/** Checks `prompt.categories_path` / `prompt.profile_path` once per path per invocation. */
export class InputFileChecker {
  private readonly cache = new Map<string, FileCheck>();
  check(key: string, file: unknown): FileCheck {
    if (typeof file !== 'string' || !file) return null; // parseConfig reports a missing key itself
    const cacheKey = `${key}\u0000${file}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey)!;
    let problem: FileCheck = null;
    try {
      const st = statSync(file);
      if (!st.isFile()) problem = `${key} is a directory (expected file): ${file}`;
      else if (st.size === 0) problem = `${key} is empty: ${file}`;
    } catch {
      problem = `${key} not found: ${file}`;
    }
    this.cache.set(cacheKey, problem);
    return problem;
  }
}

/**
 * Compile previews by compile-relevant config: the run labels (`experiment`) and the seed do not change
 * what compiles (stage builders read knobs and inputs, never the seed: it is used at run time), so the
 * runs of one variant share one compilation instead of compiling the same pipeline once per run.
 */
export class PreviewCache {
  private readonly cache = new Map<string, JsonObject>();
  hits = 0;
  get(config: JsonObject, seed: number, compile: () => JsonObject): JsonObject {
    const prompt = promptSection(config);
    const key = JSON.stringify({ ...config, experiment: null, prompt: { ...prompt, random_seed: null } });
    const found = this.cache.get(key);
    if (found) {
      this.hits++;
      return found;
    }
    void seed;
    const value = compile();
    this.cache.set(key, value);
    return value;
  }
}

function promptSection(config: JsonObject): JsonObject {
  const p = config['prompt'];
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as JsonObject) : {};
}

/** Parse + file checks + compile preview of one run (§4.5). Never throws: failures become `config_error`. */
export function prepareRun(
  index: number,
  spec: RunSpec,
  services: RunnerServices,
  workspaceRoot: string,
  files: InputFileChecker,
  previews: PreviewCache = new PreviewCache(),
): PreparedRun {
  const entry: JsonObject = { ...plannedRunEntry(spec), cfg_dict: spec.cfg };
  let parsed;
  try {
    parsed = services.parseConfig(spec.cfg, { workspaceRoot });
  } catch (err) {
    const configError = errorInfo(err);
    entry['config_error'] = configError;
    return { index, spec, config: null, configError, warnings: [], fullEntry: entry };
  }
  const prompt = promptSection(parsed.config);
  const fileProblem = files.check('prompt.categories_path', prompt['categories_path'])
    ?? files.check('prompt.profile_path', prompt['profile_path']);
  if (fileProblem) {
    const configError = { type: 'ConfigError', message: fileProblem };
    entry['config_error'] = configError;
    return { index, spec, config: null, configError, warnings: [], fullEntry: entry };
  }
  entry['config_parsed'] = parsed.config;
  entry['config_warnings'] = parsed.warnings.map((w) => w.message);
  const rs = prompt['random_seed'];
  const seed = spec.seed ?? (typeof rs === 'number' ? rs : 0);
  try {
    entry['prompt_pipeline'] = previews.get(parsed.config, seed, () => services.compilePreview(parsed.config, seed));
  } catch (err) {
    const configError = errorInfo(err);
    entry['config_error'] = configError;
    return { index, spec, config: parsed.config, configError, warnings: parsed.warnings, fullEntry: entry };
  }
  return { index, spec, config: parsed.config, configError: null, warnings: parsed.warnings, fullEntry: entry };
}

export interface PlanHeader {
  experimentName: string;
  experimentId: string;
  outputRoot: string;
  runMode: string;
  configMeta: JsonObject | null;
  plugin: { ref: string; summary: string };
  standardOverrides: JsonObject;
  flags: JsonObject;
  experimentArgs: JsonObject;
  experimentMeta: JsonObject;
  toolVersion: string;
}

export function compactPlanDoc(h: PlanHeader, runs: RunSpec[], generatedAt: string): JsonObject {
  return {
    schema_version: 1,
    kind: 'experiment_plan',
    generated_at: generatedAt,
    experiment_name: h.experimentName,
    experiment_id: h.experimentId,
    output_root: h.outputRoot,
    run_mode: h.runMode,
    config_meta: h.configMeta,
    plugin: h.plugin,
    runner: { standard_overrides: h.standardOverrides, flags: h.flags },
    experiment_args: h.experimentArgs,
    experiment_meta: h.experimentMeta,
    planned_runs: runs.map(plannedRunEntry),
    tool: { name: 'image-project', version: h.toolVersion },
  };
}

/** The compact document plus the full run entries; `kind` keeps its place (second key). */
export function fullPlanDoc(h: PlanHeader, prepared: PreparedRun[], generationDefaults: JsonObject, generatedAt: string): JsonObject {
  return {
    ...compactPlanDoc(h, prepared.map((p) => p.spec), generatedAt),
    kind: 'experiment_plan_full',
    generation_defaults: generationDefaults,
    planned_runs_full: prepared.map((p) => p.fullEntry),
  };
}
