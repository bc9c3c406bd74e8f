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
import { afterPlan } from './after-plan.js';
import { configSourceLine } from './config-source.js';
import { runHelpText } from './describe.js';
import { acquireDirectoryLock, DirectoryInUseError, type HeldLock } from './dir-lock.js';
import { ExperimentRunError, RunnerUsageError, wrapRunError } from './errors.js';
import { RunController } from './execute.js';
import { ExperimentLog, type ConsoleIO } from './experiment-log.js';
import { parseExperimentArgs, parseRunnerTokens, OptionParseError, type RunnerFlags } from './options.js';
import { standardOverrides } from './overrides.js';
import { compactPlanDoc, fullPlanDoc, InputFileChecker, prepareRun, PreviewCache, type PlanHeader, type PreparedRun } from './plan-files.js';
import { validatePlan } from './plan-validation.js';
import { loadRegistry, resolvePlugin } from './registry.js';
import { readStoredPlan } from './resume.js';
import type { Ctx, PlanRun, RunExperimentRequest, RunExperimentResult } from './runner-types.js';
import type { RunnerServices } from './services.js';
import type { JsonObject, RunMode } from './types.js';

export type { RunExperimentRequest, RunExperimentResult } from './runner-types.js';

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
    if (err instanceof DirectoryInUseError) throw new RunnerUsageError(err.message);
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
    const type = wrapped instanceof ExperimentRunError ? wrapped.errorType : wrapped.type;
    // the console gets the CLI's one-line message; the file keeps the error (and the stack with --debug)
    log.log('ERROR', `experiments run failed: ${type}: ${errorMessage(err)}`, { fileOnly: true });
    if (ctx.flags.debug && err instanceof Error && err.stack) log.log('DEBUG', err.stack, { fileOnly: true });
    log.info(`Experiment finished: 0 succeeded, 0 failed, 0 skipped (exit ${wrapped.exitCode})`);
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
    await ctx.services.warmUp?.();
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
    const rawMeta = (built as { experimentMeta?: unknown; experiment_meta?: unknown } | undefined);
    const metaValue = rawMeta?.experimentMeta ?? rawMeta?.experiment_meta;
    const experimentMeta: JsonObject = isObject(metaValue) ? metaValue : {};
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
function levelOf(level: string): 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' {
  const l = level.toUpperCase();
  return l === 'DEBUG' || l === 'WARNING' || l === 'ERROR' ? l : l === 'WARN' ? 'WARNING' : 'INFO';
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
