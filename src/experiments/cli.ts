/** Implementations of `experiments list|describe|run` (experiments.md §2), lazily imported by the CLI. */
import { findWorkspaceRoot } from '../config/paths.js';
import { AppError, UsageError } from '../errors.js';
import { describeText, genericRunHelp, listLines } from './describe.js';
import { ExperimentRunError } from './errors.js';
import { RunController } from './execute.js';
import { OptionParseError } from './options.js';
import { loadErrorLine, loadRegistry, resolvePlugin } from './registry.js';

export async function listCommand(cwd = process.cwd()): Promise<number> {
  const registry = await loadRegistry(findWorkspaceRoot(cwd));
  for (const e of registry.loadErrors) process.stderr.write(`${loadErrorLine(e)}\n`);
  for (const line of listLines([...registry.plugins.values()])) process.stdout.write(`${line}\n`);
  return 0;
}

export async function describeCommand(name: string, cwd = process.cwd()): Promise<number> {
  const registry = await loadRegistry(findWorkspaceRoot(cwd));
  for (const e of registry.loadErrors) process.stderr.write(`${loadErrorLine(e)}\n`);
  try {
    process.stdout.write(`${describeText(resolvePlugin(registry, name))}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`experiments describe: ${(err as Error).message}\n`);
    return err instanceof AppError ? err.exitCode : 1;
  }
}

/** Print the one stderr line for an error escaping the runner and return the exit code (§2.3, §4.15). */
export function reportRunError(name: string, err: unknown, debug: boolean): number {
  let line: string;
  let code: number;
  if (err instanceof OptionParseError) {
    line = `experiments run ${name}: ${err.message}`;
    code = 2;
  } else if (err instanceof UsageError) {
    line = `experiments run: ${err.message}`;
    code = 2;
  } else if (err instanceof ExperimentRunError) {
    line = `experiments run failed: ${err.errorType}: ${err.message}`;
    code = err.exitCode;
  } else {
    const type = err instanceof AppError ? err.type : err instanceof Error ? err.name : 'Error';
    line = `experiments run failed: ${type}: ${err instanceof Error ? err.message : String(err)}`;
    code = err instanceof AppError ? err.exitCode : 1;
  }
  process.stderr.write(`${line.split('\n')[0]}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return code;
}

/** `experiments run`: first SIGINT/SIGTERM stops scheduling; a second one exits at once (exit 1). */
export async function runCommand(name: string, tokens: string[], debug: boolean): Promise<number> {
  if (name === '--help' || name === '-h') {
    const registry = await loadRegistry(findWorkspaceRoot(process.cwd()));
    process.stdout.write(`${genericRunHelp([...registry.plugins.keys()].sort())}\n`);
    return 0;
  }
  const controller = new RunController();
  let signals = 0;
  const onSignal = (): void => {
    signals++;
    if (signals === 1) controller.interrupt();
    else process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { runExperiment } = await import('./runner.js');
    const result = await runExperiment({ name, tokens, controller, debug });
    return result.exitCode;
  } catch (err) {
    return reportRunError(name, err, debug || tokens.includes('--debug'));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
