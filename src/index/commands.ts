/** Implementations of the `index-artifacts` and `query` commands (output and exit codes of index.md §1, §5.1). */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { findWorkspaceRoot } from '../config/paths.js';
import { buildIndex } from './build-index.js';
import { combinedWarnings } from './combined.js';
import { hasWarnings, WARNING_KEYS, type Warnings } from './types.js';
import { QUERY_FORMATS, runQuery, type QueryFormat } from './query.js';

export interface IndexArtifactsCommandOptions {
  artifactsRoot?: string[];
  outputDir?: string;
  rebuild?: boolean;
}

function nonEmptyLists(w: Warnings): Partial<Warnings> {
  const out: Partial<Warnings> = {};
  for (const k of WARNING_KEYS) if (w[k].length > 0) out[k] = w[k];
  return out;
}

/** Prints counts and registries; warnings on stderr. Returns the exit code. */
export async function runIndexArtifactsCommand(opts: IndexArtifactsCommandOptions): Promise<number> {
  const res = await buildIndex({ artifactsRoots: opts.artifactsRoot, outputDir: opts.outputDir, rebuild: opts.rebuild });
  process.stdout.write(`${JSON.stringify(res.index.counts, null, 2)}\n${JSON.stringify(res.index.registries, null, 2)}\n`);
  const warnings = res.combined ? combinedWarnings(res.index) : hasWarnings(res.index.warnings) ? nonEmptyLists(res.index.warnings) : null;
  if (warnings) {
    process.stderr.write(`index-artifacts warnings:\n${JSON.stringify(warnings, null, 2)}\n`);
    return 1;
  }
  return 0;
}

export interface QueryCommandOptions {
  sql: string;
  db?: string;
  format?: string;
  csv?: boolean;
  json?: boolean;
}

export function resolveQueryFormat(opts: QueryCommandOptions, isTty: boolean): QueryFormat {
  const chosen = new Set<string>();
  if (opts.format !== undefined) {
    if (!(QUERY_FORMATS as readonly string[]).includes(opts.format)) {
      throw new UsageError(`unknown --format '${opts.format}'; choose one of ${QUERY_FORMATS.join(', ')}`);
    }
    chosen.add(opts.format);
  }
  if (opts.csv) chosen.add('csv');
  if (opts.json) chosen.add('json');
  if (chosen.size > 1) throw new UsageError('choose one output format');
  const [only] = [...chosen];
  return (only as QueryFormat | undefined) ?? (isTty ? 'table' : 'csv');
}

export function runQueryCommand(opts: QueryCommandOptions): number {
  const format = resolveQueryFormat(opts, process.stdout.isTTY === true);
  const dbPath = opts.db
    ? path.resolve(opts.db)
    : path.join(findWorkspaceRoot(process.cwd()), '_artifacts', 'index', 'artifacts.sqlite');
  const res = runQuery({ sql: opts.sql, dbPath, format });
  process.stdout.write(res.text);
  return 0;
}
