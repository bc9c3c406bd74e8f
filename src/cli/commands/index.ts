import type { Command } from 'commander';
import { register as registerConfig } from './config.js';
import { register as registerExperiments } from './experiments.js';
import { register as registerIndexArtifacts } from './index-artifacts.js';
import { register as registerQuery } from './query.js';
import { register as registerGenerate } from './generate.js';
import { register as registerRunReview } from './run-review.js';
import { register as registerListStages } from './list-stages.js';
import { register as registerListPlans } from './list-plans.js';
import { register as registerPipeline } from './pipeline.js';

/**
 * Every sub-command module exports `register(program)`. Registration only declares flags;
 * each action imports its implementation lazily (`await import(...)`) to keep start-up fast.
 * Add one import + one call per command; keep this list in the order of `--help`.
 */
export function registerCommands(program: Command): void {
  registerGenerate(program);
  registerConfig(program);
  registerListStages(program);
  registerListPlans(program);
  registerPipeline(program);
  registerExperiments(program);
  registerIndexArtifacts(program);
  registerQuery(program);
  registerRunReview(program);
  void program;
}
