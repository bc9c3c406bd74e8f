/**
 * `image-project generate` (generation.md §1): load + validate the config (errors → `generate: <message>`,
 * exit 2), run once with console mirroring and index refresh, print the final artifact path.
 */
import { loadAndParseConfig } from '../config/index.js';
import { runGeneration } from './run-generation.js';

export interface GenerateCommandOptions {
  configPath?: string;
  debug: boolean;
  cwd?: string;
}

/** Returns the exit code; config and usage errors are thrown (the CLI prints them with the `generate:` prefix). */
export async function runGenerateCommand(opts: GenerateCommandOptions): Promise<number> {
  const loaded = loadAndParseConfig({ configPath: opts.configPath, cwd: opts.cwd });
  const result = await runGeneration(loaded.config, {
    configMeta: { ...loaded.meta },
    configNotes: [...loaded.notes, ...loaded.warnings],
    updateIndex: true,
    mirrorToConsole: true,
    debug: opts.debug,
  });
  if (result.status === 'success') {
    const out = loaded.config.run.mode === 'prompt_only' ? result.finalPromptPath : result.imagePath;
    process.stdout.write(`${out}\n`);
    return 0;
  }
  const e = result.error!;
  const where = result.oplogPath ? ` (oplog: ${result.oplogPath})` : '';
  process.stderr.write(`generate failed during phase ${e.phase}: ${e.type}: ${e.message.split('\n')[0]}${where}\n`);
  return 1;
}

