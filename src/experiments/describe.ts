/** Text of `experiments list`, `experiments describe <name>` and `experiments run <name> --help` (§2.1, §2.2). */
import { describeOptionLine, runnerOptionsHelp } from './options.js';
import type { RegisteredPlugin } from './types.js';

export function listLines(plugins: RegisteredPlugin[]): string[] {
  return [...plugins].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((p) => `${p.key}\t${p.plugin.summary}`);
}

function experimentOptionLines(p: RegisteredPlugin): string[] {
  const lines = ['experiment options:'];
  if (p.plugin.options.length === 0) lines.push('  (none)');
  for (const o of p.plugin.options) lines.push(describeOptionLine(o));
  return lines;
}

export function describeText(p: RegisteredPlugin): string {
  return [
    `name: ${p.key}`,
    `summary: ${p.plugin.summary}`,
    `default_run_mode: ${p.plugin.defaultRunMode}`,
    `plugin: ${p.ref}`,
    '',
    `usage: image-project experiments run ${p.key} [runner options] [experiment options]`,
    ...experimentOptionLines(p),
  ].join('\n');
}

export function runHelpText(p: RegisteredPlugin): string {
  return [
    `usage: image-project experiments run ${p.key} [runner options] [experiment options]`,
    '',
    p.plugin.summary,
    '',
    'runner options:',
    ...runnerOptionsHelp(),
    '',
    ...experimentOptionLines(p),
  ].join('\n');
}

/** `experiments run --help` without a name. */
export function genericRunHelp(names: string[]): string {
  return [
    'usage: image-project experiments run <name> [runner options] [experiment options]',
    '',
    `experiments: ${names.join(', ')} (image-project experiments describe <name> lists its options)`,
    '',
    'runner options:',
    ...runnerOptionsHelp(),
  ].join('\n');
}
