/** run-review options and their validation (review.md §1.1–§1.2). */
import { UsageError } from '../errors.js';
import { parseThresholdOverrides, type EvolutionThresholds } from './evolution/index.js';

export interface RunReviewOptions {
  configPath?: string;
  generationId?: string;
  mostRecent?: boolean;
  logsDir?: string;
  imagesDir?: string[];
  oplog?: string;
  transcript?: string;
  bestEffort?: boolean;
  /** false with `--no-evolution`. */
  evolution?: boolean;
  evolutionThresholds?: string;
  compare?: string[];
  compareExperiment?: string;
  pair?: string;
  all?: boolean;
  outputDir?: string;
  debug?: boolean;
  /** Working directory for relative paths and config discovery (default process.cwd()). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ReviewIO {
  out(line: string): void;
  err(line: string): void;
}

export interface ValidatedOptions {
  thresholds: Partial<EvolutionThresholds>;
  pairIndex: number | null;
}

/** Steps 1–3 of §1.2; the first failure wins. */
export function validateOptions(o: RunReviewOptions): ValidatedOptions {
  if (o.compare !== undefined && o.compare.length !== 2) {
    throw new UsageError(`--compare requires exactly two generation ids (got ${o.compare.length}); usage: --compare A B`);
  }
  const thresholds = o.evolutionThresholds !== undefined ? parseThresholdOverrides(o.evolutionThresholds) : {};
  const files = o.oplog !== undefined || o.transcript !== undefined;
  const cmp = o.compare !== undefined;
  const exp = o.compareExperiment !== undefined;
  const gid = o.generationId !== undefined;
  const pairGiven = o.pair !== undefined;
  const rules: [boolean, string][] = [
    [!!o.mostRecent && cmp, '--most-recent cannot be combined with --compare'],
    [cmp && files, '--compare cannot be combined with --oplog/--transcript'],
    [cmp && gid, '--compare cannot be combined with --generation-id'],
    [cmp && exp, '--compare cannot be combined with --compare-experiment'],
    [!!o.mostRecent && exp, '--most-recent cannot be combined with --compare-experiment'],
    [exp && (gid || files), '--compare-experiment cannot be combined with --generation-id or --oplog/--transcript'],
    [!!o.mostRecent && (gid || files), '--most-recent cannot be combined with --generation-id or --oplog/--transcript'],
    [(pairGiven || !!o.all) && !exp, '--pair/--all require --compare-experiment'],
    [exp && !pairGiven && !o.all, '--compare-experiment requires --all or --pair N'],
    [pairGiven && !!o.all, 'use either --all or --pair N, not both'],
  ];
  for (const [bad, msg] of rules) if (bad) throw new UsageError(msg);
  let pairIndex: number | null = null;
  if (pairGiven) {
    const t = String(o.pair).trim();
    if (!/^[+]?\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t))) throw new UsageError('--pair must be an integer >= 1');
    pairIndex = Number(t);
  }
  return { thresholds, pairIndex };
}
