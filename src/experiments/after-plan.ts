/**
 * What follows planning (experiments.md §4.6–§4.11): the config-error gate, dry-run listing, resume
 * selection, execution, results, pairs, the summary line and the artifacts-index update.
 */
import path from 'node:path';
import { utcTimestamp, writeJsonAtomic } from '../artifacts/index.js';
import { errorMessage } from '../errors.js';
import { wrapRunError } from './errors.js';
import { executeRuns, type ExecSummary, type ExecTask } from './execute.js';
import type { ExperimentLog } from './experiment-log.js';
import { artifactsStoreRoot } from './overrides.js';
import type { ProgressDisplay } from './progress.js';
import { pairsWithErrors, ResultsStore } from './results.js';
import { readPreviousResults, readRunsIndexState, rebuiltEntry, selectRuns } from './resume.js';
import type { AfterPlan, Ctx, RunExperimentResult } from './runner-types.js';
import type { JsonObject, PairsPayload, RunSpec } from './types.js';

function buildPairs(ctx: Ctx, a: AfterPlan): PairsPayload | null {
  const fn = ctx.registered.plugin.buildPairsManifest;
  if (!fn) return null;
  const payload = fn(a.runs.map((r) => r.spec), { experimentId: a.experimentId, runMode: a.runMode });
  return payload ?? null;
}

/** Gate, dry run, execution, results, pairs, index update (shared by fresh and resumed invocations). */
export async function afterPlan(ctx: Ctx, log: ExperimentLog, a: AfterPlan): Promise<RunExperimentResult> {
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
  // a resumed plan's configs are parsed here, only for the runs about to execute
  if (selected.some((s) => !byId.get(s.generationId)!.config)) await ctx.services.warmUp?.();
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
    // cli-progress is loaded only when something runs (not for a resume with nothing to do)
    const { ProgressDisplay: Display } = await import('./progress.js');
    const progress: ProgressDisplay = new Display({
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

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
