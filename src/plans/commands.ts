/**
 * `list-stages`, `list-plans`, `pipeline preview` (pipeline.md §12).
 */
import { loadConfig, parseConfig } from '../config/index.js';
import { defaultStageRegistry } from '../stages/index.js';
import { PLAN_CATALOG } from './catalog.js';
import { previewPipeline } from './compileRun.js';

/** One line per registered kind, sorted by id: `<id>\t<doc>`. */
export function listStagesText(): string {
  return defaultStageRegistry()
    .all()
    .map((def) => `${def.id}\t${def.doc}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join('\n');
}

/** One line per plan, sorted by name: `<name>\t<intent>`. */
export function listPlansText(): string {
  return [...PLAN_CATALOG]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => `${p.name}\t${p.intent}`)
    .join('\n');
}

export interface PreviewOptions {
  configPath?: string;
  plan?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where config warnings go (default: stderr as `pipeline preview: <message>`). */
  warn?: (message: string) => void;
}

/** Load the config (`--plan` replaces prompt.plan), compile the preview, return pretty JSON. */
export function pipelinePreviewText(opts: PreviewOptions = {}): string {
  const loaded = loadConfig({ configPath: opts.configPath ?? null, cwd: opts.cwd, env: opts.env });
  const dict = loaded.dict as Record<string, unknown>;
  if (opts.plan !== undefined) {
    const prompt = (dict.prompt && typeof dict.prompt === 'object' ? dict.prompt : {}) as Record<string, unknown>;
    dict.prompt = { ...prompt, plan: opts.plan };
  }
  const { config, warnings } = parseConfig(dict, {
    workspaceRoot: loaded.meta.workspace_root,
    env: opts.env,
    layers: loaded.layers,
  });
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`pipeline preview: ${m}\n`));
  for (const note of [...loaded.notes, ...warnings]) if (note.level === 'WARNING') warn(note.message);
  const metadata = previewPipeline(config, {});
  return JSON.stringify(metadata, null, 2);
}
