import type { Command } from 'commander';
import { debugRequested, handleCliError } from '../errors.js';

/** `image-project query "<SQL>"` (index.md §5.1). */
export function register(program: Command): void {
  program
    .command('query')
    .description('run one read-only SQL statement against the artifacts index database')
    .argument('<sql>', 'the SQL statement, e.g. "SELECT status, COUNT(*) FROM runs GROUP BY 1"')
    .option('--db <file>', 'database to query; default <workspace>/_artifacts/index/artifacts.sqlite')
    .option('--format <format>', 'table | csv | json | jsonl (default: table on a terminal, else csv)')
    .option('--csv', 'shorthand for --format csv')
    .option('--json', 'shorthand for --format json')
    .option('--debug', 'print stack traces on errors')
    .action(async (sql: string, opts: { db?: string; format?: string; csv?: boolean; json?: boolean; debug?: boolean }) => {
      const debug = opts.debug === true || debugRequested();
      try {
        const { runQueryCommand } = await import('../../index/commands.js');
        process.exitCode = runQueryCommand({ sql, ...opts });
      } catch (err) {
        process.exitCode = handleCliError(err, debug, 'query');
      }
    });
}
