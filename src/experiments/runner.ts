/**
 * The experiment runner (experiments.md §4): options, output root, config layering, plan build and
 * validation, plan files, config-error gate, dry run, execution, results, pairs, resume, directory
 * lock, experiment.log, index update and exit codes. Everything the rest of the app provides comes
 * through `RunnerServices` (real ones by default), so the runner is testable with fast doubles.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { localStamp, utcTimestamp, writeJsonAtomic } from '../artifacts/index.js';
import { errorMessage } from '../errors.js';
import { acquireDirectoryLock, type HeldLock } from './dir-lock.js';
import { ExperimentRunError, RunnerUsageError, wrapRunError } from './errors.js';
import { executeRuns, RunController, type ExecSummary, type ExecTask } from './execute.js';
import { ExperimentLog, type ConsoleIO } from './experiment-log.js';
import { parseExperimentArgs, parseRunnerTokens, OptionParseError, type RunnerFlags } from './options.js';
import { artifactsStoreRoot, standardOverrides } from './overrides.js';
import { compactPlanDoc, fullPlanDoc, InputFileChecker, prepareRun, PreviewCache, type ConfigErrorInfo, type PlanHeader, type PreparedRun } from './plan-files.js';
import { validatePlan } from './plan-validation.js';
import { ProgressDisplay } from './progress.js';
import { loadRegistry, resolvePlugin } from './registry.js';
import { pairsWithErrors, ResultsStore } from './results.js';
import { readPreviousResults, readRunsIndexState, readStoredPlan, rebuiltEntry, selectRuns } from './resume.js';
import type { ConfigNoteLike, RunnerServices } from './services.js';
import type { JsonObject, PairsPayload, RegisteredPlugin, RunMode, RunSpec } from './types.js';
import { runHelpText } from './describe.js';
import { configSourceLine } from './config-source.js';

export interface RunExperimentRequest {
  name: string;
  /** Every token after `run <name>`. */
  tokens: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Replace any real service (tests, benchmarks). */
  services?: Partial<RunnerServices>;
  io?: Partial<ConsoleIO>;
  controller?: RunController;
  /** Global `--debug` (consumed by the top-level program). */
  debug?: boolean;
  now?: Date;
}

export interface RunExperimentResult {
  exitCode: number;
  outputRoot: string | null;
  summary?: { succeeded: number; failed: number; skipped: number };
}

/** A planned run with what the gate and the executor need. */
interface PlanRun {
  spec: RunSpec;
  config: JsonObject | null;
  configError: ConfigErrorInfo | null;
  warnings: ConfigNoteLike[];
}

function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function defaultServices(): Promise<RunnerServices> {
  const mod = await import('./services-real.js');
  return await mod.realServices();
}

function normalizeMode(raw: string): RunMode {
  const m = raw.trim().toLowerCase();
  if (m !== 'full' && m !== 'prompt_only') throw new OptionParseError(`option '--mode' must be one of: full, prompt_only (got '${raw}')`);
  return m;
}

function flagsRecord(f: RunnerFlags): JsonObject {
  return {
    dry_run: f.dryRun,
    resume: f.resume,
    continue_on_error: f.continueOnError,
    enable_upscale: f.enableUpscale,
    enable_upload: f.enableUpload,
    fail_on_config_error: f.failOnConfigError,
    concurrency: f.concurrency,
    retry_errors: f.retryErrors,
  };
}

export async function runExperiment(req: RunExperimentRequest): Promise<RunExperimentResult> {
  const cwd = path.resolve(req.cwd ?? process.cwd());
  const env = req.env ?? process.env;
  const io: ConsoleIO = {
    stdout: req.io?.stdout ?? ((line) => process.stdout.write(`${line}\n`)),
    stderr: req.io?.stderr ?? process.stderr,
    isTTY: req.io?.isTTY ?? process.stderr.isTTY === true,
  };
  const services: RunnerServices = { ...(await defaultServices()), ...req.services } as RunnerServices;
  const workspaceRoot = services.findWorkspaceRoot(cwd);
  const registry = await loadRegistry(workspaceRoot);
  const registered = resolvePlugin(registry, req.name);
  const { flags, kept } = parseRunnerTokens(req.tokens);
  flags.debug = flags.debug || req.debug === true;
  if (flags.help) {
    io.stdout(runHelpText(registered));
    return { exitCode: 0, outputRoot: null };
  }
  const args = parseExperimentArgs(registered.key, registered.plugin.options, kept);
  if (flags.resume && !flags.outputRoot) {
    throw new RunnerUsageError('--resume requires --output-root pointing at an existing experiment directory');
  }
  const controller = req.controller ?? new RunController();
  const ctx = { req, cwd, env, io, services, workspaceRoot, registered, flags, args, controller, version: toolVersion() };
  return flags.resume ? resumeExperiment(ctx) : freshExperiment(ctx);
}

interface Ctx {
  req: RunExperimentRequest;
  cwd: string;
  env: NodeJS.ProcessEnv;
  io: ConsoleIO;
  services: RunnerServices;
  workspaceRoot: string;
  registered: RegisteredPlugin;
  flags: RunnerFlags;
  args: JsonObject;
  controller: RunController;
  version: string;
}

/** Lock + log, run `body`, always release/close; non-run errors are logged and rethrown as exit-2 errors. */
async function withExperimentDir(
  ctx: Ctx,
  outputRoot: string,
  experimentIdForLog: string,
  body: (log: ExperimentLog) => Promise<RunExperimentResult>,
): Promise<RunExperimentResult> {
  mkdirSync(outputRoot, { recursive: true });
  const staleNotes: string[] = [];
  let lock: HeldLock;
  try {
    lock = acquireDirectoryLock(outputRoot, (m) => staleNotes.push(m));
  } catch (err) {
    throw wrapRunError(err);
  }
  const logPath = path.join(outputRoot, 'experiment.log');
  const log = new ExperimentLog(logPath, ctx.io);
  try {
    log.info(`Experiment logging initialized (id=${experimentIdForLog})`);
    log.debug(`Experiment log file: ${logPath}`);
    for (const m of staleNotes) log.warning(m);
    return await body(log);
  } catch (err) {
    const wrapped = err instanceof OptionParseError || err instanceof RunnerUsageError ? err : wrapRunError(err);
    if (ctx.flags.debug && err instanceof Error && err.stack) log.debug(err.stack);
    log.log('DEBUG', `Experiment aborted: ${errorMessage(err)}`);
    throw wrapped;
  } finally {
    log.close();
    lock.release();
  }
}

async function freshExperiment(ctx: Ctx): Promise<RunExperimentResult> {
  const { flags, registered, io } = ctx;
  const plugin = registered.plugin;
  const now = ctx.req.now ?? new Date();
  const ts = localStamp(now);
  let runMode: RunMode;
  if (flags.mode === null) {
    runMode = plugin.defaultRunMode;
    io.stderr.write(`experiments run: --mode not provided; defaulting to ${runMode} (override with --mode)\n`);
  } else {
    runMode = normalizeMode(flags.mode);
  }
  const outputRoot = flags.outputRoot
    ? path.resolve(ctx.cwd, flags.outputRoot)
    : path.join(ctx.workspaceRoot, '_artifacts', 'experiments', `${ts}_${registered.key}`);
  const experimentId = flags.experimentId?.trim() || `${registered.key}_${ts}`;
  if (existsSync(path.join(outputRoot, 'experiment_results.json')) || existsSync(path.join(outputRoot, 'logs', 'runs_index.jsonl'))) {
    throw new RunnerUsageError(`Output root already holds executed runs: ${outputRoot}. Use --resume to continue it or choose another --output-root.`);
  }
  return withExperimentDir(ctx, outputRoot, experimentId, async (log) => {
    log.info(`Experiment: name=${registered.key} id=${experimentId}`);
    log.info(`Output root: ${outputRoot}`);
    log.info(`Workspace root: ${ctx.workspaceRoot}`);
    const loaded = ctx.services.loadConfig({ configPath: flags.configPath ?? undefined, cwd: ctx.cwd, env: ctx.env });
    const notes = loaded.notes.length > 0 ? loaded.notes : [{ level: 'INFO' as const, message: configSourceLine(loaded.meta) }];
    for (const note of notes) log.log(levelOf(note.level), note.message);
    if (!flags.outputRoot) log.warning(`No --output-root provided; defaulted output_root=${outputRoot}`);
    if (!flags.experimentId?.trim()) log.warning(`No --experiment-id provided; defaulted experiment_id=${experimentId}`);

    const dict: JsonObject = { ...loaded.dict };
    const runners = dict['experiment_runners'];
    delete dict['experiment_runners'];
    const runnerEntry = isObject(runners) ? runners[registered.key] : undefined;
    const runnerCfg: JsonObject = isObject(runnerEntry) ? runnerEntry : {};
    if (Object.keys(runnerCfg).length > 0) {
      log.info(`Loaded runner cfg: experiment_runners.${registered.key} (${Object.keys(runnerCfg).length} keys)`);
    }
    const overrides = standardOverrides(outputRoot, runMode, experimentId, flags.enableUpscale, flags.enableUpload);
    const { mergeConfig } = await import('./helpers.js');
    await ctx.services.warmUp?.();
    const baseCfg = mergeConfig(dict, overrides);

    let built;
    try {
      built = await plugin.buildPlan({
        baseCfg, runnerCfg, outputRoot, experimentId, runMode, args: ctx.args, workspaceRoot: ctx.workspaceRoot, cwd: ctx.cwd,
      });
    } catch (err) {
      log.error(`Experiment plan build failed: ${errorMessage(err)}`);
      throw err;
    }
    const specs = validatePlan(registered.key, built?.runs, overrides);
    const experimentMeta = isObject(built?.experimentMeta) ? built.experimentMeta : {};
    const files = new InputFileChecker();
    const previews = new PreviewCache();
    const prepared: PreparedRun[] = specs.map((s, i) => prepareRun(i, s, ctx.services, ctx.workspaceRoot, files, previews));
    log.debug(`Planned ${specs.length} run(s); ${previews.hits} compile preview(s) reused`);

    const header: PlanHeader = {
      experimentName: registered.key,
      experimentId,
      outputRoot,
      runMode,
      configMeta: isObject(loaded.meta) ? loaded.meta : null,
      plugin: { ref: registered.ref, summary: plugin.summary },
      standardOverrides: overrides,
      flags: flagsRecord(flags),
      experimentArgs: ctx.args,
      experimentMeta,
      toolVersion: ctx.version,
    };
    const planPath = path.join(outputRoot, 'experiment_plan.json');
    const fullPath = path.join(outputRoot, 'experiment_plan_full.json');
    if (existsSync(planPath) || existsSync(fullPath)) log.warning(`Replacing the plan written by an earlier dry run in ${outputRoot}`);
    await writeJsonAtomic(planPath, compactPlanDoc(header, specs, utcTimestamp()));
    log.info(`Wrote experiment plan: ${planPath}`);
    let defaults: JsonObject;
    try {
      defaults = ctx.services.generationDefaults(baseCfg);
    } catch {
      defaults = {};
    }
    await writeJsonAtomic(fullPath, fullPlanDoc(header, prepared, defaults, utcTimestamp()));
    log.info(`Wrote expanded experiment plan: ${fullPath}`);

    const runs: PlanRun[] = prepared.map((p) => ({
      spec: p.spec, config: p.configError ? null : p.config, configError: p.configError, warnings: p.warnings,
    }));
    return afterPlan(ctx, log, {
      outputRoot, experimentId, runMode, configMeta: header.configMeta, runs, resume: null,
    });
  });
}

async function resumeExperiment(ctx: Ctx): Promise<RunExperimentResult> {
  const { flags, registered } = ctx;
  const outputRoot = path.resolve(ctx.cwd, flags.outputRoot!);
  const stored = (() => {
    try {
      return readStoredPlan(outputRoot);
    } catch (err) {
      throw wrapRunError(err);
    }
  })();
  return withExperimentDir(ctx, outputRoot, stored.experimentId, async (log) => {
    log.info(`Experiment: name=${registered.key} id=${stored.experimentId}`);
    log.info(`Output root: ${outputRoot}`);
    log.info(`Workspace root: ${ctx.workspaceRoot}`);
    if (stored.experimentName.toLowerCase() !== registered.key) {
      throw new ExperimentRunError('ValueError', `--resume experiment name mismatch: CLI='${ctx.req.name}' plan_full='${stored.experimentName}'`);
    }
    if (flags.configPath) log.warning('--config-path is ignored with --resume; the stored per-run configs are used');
    if (flags.mode !== null && flags.mode.trim().toLowerCase() !== stored.runMode) {
      log.warning(`--mode ${flags.mode} is ignored with --resume; the stored run_mode=${stored.runMode} is used`);
    }
    if (flags.experimentId !== null && flags.experimentId.trim() !== stored.experimentId) {
      log.warning(`--experiment-id ${flags.experimentId} is ignored with --resume; the stored experiment_id=${stored.experimentId} is used`);
    }
    const specs = validatePlan(registered.key, stored.runs.map((r) => ({ ...r.spec })), stored.standardOverrides);
    const runs: PlanRun[] = specs.map((spec, i) => ({ spec, config: null, configError: stored.runs[i]!.configError, warnings: [] }));
    return afterPlan(ctx, log, {
      outputRoot,
      experimentId: stored.experimentId,
      runMode: (stored.runMode === 'prompt_only' ? 'prompt_only' : 'full') as RunMode,
      configMeta: stored.configMeta,
      runs,
      resume: { retryErrors: flags.retryErrors },
    });
  });
}

interface AfterPlan {
  outputRoot: string;
  experimentId: string;
  runMode: RunMode;
  configMeta: JsonObject | null;
  runs: PlanRun[];
  resume: { retryErrors: boolean } | null;
}

function buildPairs(ctx: Ctx, a: AfterPlan): PairsPayload | null {
  const fn = ctx.registered.plugin.buildPairsManifest;
  if (!fn) return null;
  const payload = fn(a.runs.map((r) => r.spec), { experimentId: a.experimentId, runMode: a.runMode });
  return payload ?? null;
}

/** Gate, dry run, execution, results, pairs, index update (shared by fresh and resumed invocations). */
async function afterPlan(ctx: Ctx, log: ExperimentLog, a: AfterPlan): Promise<RunExperimentResult> {
  const { flags } = ctx;
  const configErrors = a.runs.filter((r) => r.configError !== null);

  if (flags.dryRun) {
    buildPairs(ctx, a); // validates pairing; not written
    for (const r of a.runs) {
      const status = r.configError ? `config_error: ${r.configError.type}: ${r.configError.message}` : 'ok';
      const plan = planName(r.spec.cfg);
      log.stdout(`${r.spec.variant}${r.spec.run}  ${r.spec.generationId}  seed=${r.spec.seed ?? '<none>'}  plan=${plan}  ${status}`);
    }
    log.stdout(`dry run: ${a.runs.length} planned run(s), ${configErrors.length} with config errors -> ${a.outputRoot}`);
  }

  if (configErrors.length > 0) {
    log.error(`Config validation failed for ${configErrors.length} planned run(s)`);
    log.error(JSON.stringify(configErrors.map((r) => ({
      variant: r.spec.variant, run: r.spec.run, generation_id: r.spec.generationId, error: r.configError,
    })), null, 2));
    if (flags.failOnConfigError) {
      log.error(`Aborting: ${configErrors.length} planned run(s) have config errors (see experiment_plan_full.json; --no-fail-on-config-error runs the others)`);
      await updateIndex(ctx, log, a.outputRoot);
      return finish(log, a, 2, null);
    }
  }
  if (flags.dryRun) {
    await updateIndex(ctx, log, a.outputRoot);
    return finish(log, a, 0, null);
  }

  let pairs: PairsPayload | null;
  try {
    pairs = buildPairs(ctx, a);
  } catch (err) {
    throw wrapRunError(err);
  }

  const resultsPath = path.join(a.outputRoot, 'experiment_results.json');
  const store = new ResultsStore(resultsPath, a.runs.map((r) => r.spec.generationId));
  let selected: RunSpec[] = a.runs.map((r) => r.spec);
  if (a.resume) {
    const indexPath = path.join(a.outputRoot, 'logs', 'runs_index.jsonl');
    const state = readRunsIndexState(indexPath);
    if (state === null) log.warning(`--resume requested but ${indexPath} does not exist; nothing to skip`);
    const stateMap = state ?? new Map<string, JsonObject>();
    store.seed(readPreviousResults(resultsPath, (m) => log.warning(m)));
    for (const r of a.runs) {
      const line = stateMap.get(r.spec.generationId);
      if (line?.['status'] === 'success' && store.get(r.spec.generationId)?.['status'] !== 'success') {
        store.set(r.spec.generationId, rebuiltEntry(r.spec, line));
        log.warning(`Resume: rebuilt result for ${r.spec.generationId} from runs_index.jsonl (analysis not available)`);
      }
    }
    const previous = new Map(store.list().map((e) => [e['generation_id'] as string, e]));
    selected = selectRuns(a.runs.map((r) => r.spec), stateMap, previous, a.resume.retryErrors);
    const n = a.runs.length;
    if (selected.length === 0) log.info('Resume: nothing to run');
    else if (a.resume.retryErrors) log.info(`Retry errors: executing ${selected.length}/${n} runs with a recorded error`);
    else if (selected.length === n) log.info(`Resume: no successful runs detected; executing full plan (${n} runs)`);
    else log.info(`Resume: skipping ${n - selected.length}/${n} runs already marked success`);
  }

  const selectedIds = new Set(selected.map((s) => s.generationId));
  const byId = new Map(a.runs.map((r) => [r.spec.generationId, r]));
  let configErrorFailures = 0;
  for (const r of a.runs) {
    if (r.configError && (selectedIds.has(r.spec.generationId) || !a.resume)) {
      store.set(r.spec.generationId, {
        variant: r.spec.variant, variant_name: r.spec.variantName, run: r.spec.run, generation_id: r.spec.generationId,
        seed: r.spec.seed, status: 'error', error: { ...r.configError },
      });
      configErrorFailures++;
    }
  }
  const tasks: ExecTask[] = [];
  for (const spec of selected) {
    const r = byId.get(spec.generationId)!;
    if (r.configError) continue;
    if (r.config) {
      tasks.push({ spec, config: r.config, notes: r.warnings });
      continue;
    }
    try {
      const parsed = ctx.services.parseConfig(spec.cfg, { workspaceRoot: ctx.workspaceRoot });
      tasks.push({ spec, config: parsed.config, notes: parsed.warnings });
    } catch (err) {
      const info = { type: (err as { type?: string }).type ?? 'ConfigError', message: errorMessage(err) };
      tasks.push({ spec, config: null, configError: info });
    }
  }

  let exec: ExecSummary = { succeeded: 0, failed: 0, skipped: 0, analysisFailed: 0, interrupted: false };
  if (tasks.length > 0) {
    const firstConfig = tasks.find((t) => t.config !== null)?.config;
    if (firstConfig) {
      try {
        await ctx.services.checkProviders(firstConfig, a.runMode);
      } catch (err) {
        throw wrapRunError(err);
      }
    }
    log.info(`Executing ${tasks.length} run(s) with concurrency ${flags.concurrency}`);
    const progress = new ProgressDisplay({
      total: tasks.length,
      tty: ctx.io.isTTY,
      stream: ctx.io.stderr,
      logLine: (line) => log.log('INFO', line, { fileOnly: true }),
    });
    log.progress = progress;
    progress.start();
    try {
      exec = await executeRuns({
        tasks,
        concurrency: flags.concurrency,
        continueOnError: flags.continueOnError,
        services: ctx.services,
        configMeta: a.configMeta,
        debug: flags.debug,
        plugin: ctx.registered.plugin,
        pluginName: ctx.registered.key,
        results: store,
        log,
        progress,
        controller: ctx.controller,
      });
    } finally {
      progress.stop();
      log.progress = null;
    }
  }

  let exitCode = 0;
  if (exec.failed > 0 || exec.skipped > 0 || exec.analysisFailed > 0 || configErrorFailures > 0 || exec.interrupted) exitCode = 1;
  try {
    await store.flush();
    log.info(`Wrote experiment results: ${resultsPath}`);
  } catch (err) {
    log.error(`Failed to write ${resultsPath}: ${errorMessage(err)}`);
    exitCode = 1;
  }
  if (pairs) {
    const pairsPath = path.join(a.outputRoot, 'pairs.json');
    await writeJsonAtomic(pairsPath, pairsWithErrors({ ...pairs, created_at: pairs.created_at ?? utcTimestamp() }, store));
    log.info(`Wrote pairs manifest: ${pairsPath}`);
  }
  const all = store.list();
  const counts = {
    succeeded: all.filter((e) => e['status'] === 'success').length,
    failed: all.filter((e) => e['status'] === 'error' && (e['error'] as JsonObject | null)?.['type'] !== 'Skipped').length,
    skipped: all.filter((e) => e['status'] === 'error' && (e['error'] as JsonObject | null)?.['type'] === 'Skipped').length,
  };
  log.stdout(`${a.experimentId}: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped -> ${a.outputRoot}`);
  await updateIndex(ctx, log, a.outputRoot);
  return finish(log, a, exitCode, counts);
}

function finish(log: ExperimentLog, a: AfterPlan, exitCode: number, counts: { succeeded: number; failed: number; skipped: number } | null): RunExperimentResult {
  const c = counts ?? { succeeded: 0, failed: 0, skipped: 0 };
  log.info(`Experiment finished: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped (exit ${exitCode})`);
  return { exitCode, outputRoot: a.outputRoot, summary: c };
}

async function updateIndex(ctx: Ctx, log: ExperimentLog, outputRoot: string): Promise<void> {
  let root = artifactsStoreRoot(outputRoot);
  if (root === null) {
    root = path.join(ctx.workspaceRoot, '_artifacts');
    log.warning(`Output root is not under an _artifacts directory; defaulting artifacts_root=${root}`);
  }
  log.info(`Updating artifacts index under ${root}`);
  try {
    const counts = await ctx.services.updateIndex(root, (level, message) => log.log(level, message, { fileOnly: level === 'DEBUG' }));
    log.info(`Artifacts index updated: ${JSON.stringify(counts)}`);
  } catch (err) {
    log.warning(`Artifacts index update failed: ${errorMessage(err)}`);
  }
}

function planName(cfg: JsonObject): string {
  const p = cfg['prompt'];
  const plan = isObject(p) ? p['plan'] : undefined;
  return typeof plan === 'string' ? plan : '<none>';
}

function levelOf(level: string): 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' {
  const l = level.toUpperCase();
  return l === 'DEBUG' || l === 'WARNING' || l === 'ERROR' ? l : l === 'WARN' ? 'WARNING' : 'INFO';
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
