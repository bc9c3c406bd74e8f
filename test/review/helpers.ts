// Shared helpers for the run-review tests: temp dirs, fixture copies, synthetic runs, CLI spawning.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'image-project.js');
export const FIXTURE_ARTIFACTS = path.resolve(REPO, 'test', 'fixtures', 'python-tool-artifacts', '_artifacts');
export const PROMPT_ONLY_EXP = 'experiments/20260120_101500_ab_refinement_block';
export const FULL_EXP = 'experiments/20260121_093000_ab_refinement_block';

export function tempDir(tag = 'rr'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `review-${tag}-`));
}

/** Copy the older tool's `_artifacts` tree into a fresh temp dir (writable); returns the copy's `_artifacts`. */
export function copyFixture(): string {
  const root = tempDir('fx');
  const dest = path.join(root, '_artifacts');
  fs.cpSync(FIXTURE_ARTIFACTS, dest, { recursive: true });
  for (const f of walk(dest)) fs.chmodSync(f, 0o644);
  for (const d of walkDirs(dest)) fs.chmodSync(d, 0o755);
  return dest;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
function walkDirs(dir: string): string[] {
  return [dir, ...fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => walkDirs(path.join(dir, e.name)))];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const res = spawnSync(process.execPath, [BIN, 'run-review', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, IMAGE_PROJECT_CONFIG: '', ...env },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

export const F1_LINES = [
  '2025-12-21 12:00:00,000 | INFO | Run started for generation run123',
  '2025-12-21 12:00:00,100 | INFO | No prompt.random_seed configured; generated seed=42',
  '2025-12-21 12:00:00,200 | INFO | Context injectors enabled: season, holiday',
  '2025-12-21 12:00:00,210 | INFO | Holiday injector: You MUST adopt it.',
  '2025-12-21 12:00:00,300 | INFO | Step: pipeline/s/consensus_1 (context_chars=30, prompt_chars=90, input_chars=120)',
  '2025-12-21 12:00:00,900 | INFO | Received response for pipeline/s/consensus_1 (input_chars=120, chars=240)',
  '2025-12-21 12:00:01,000 | INFO | Image generation request sent (model=m, size=1024x1024)',
  '2025-12-21 12:00:01,500 | INFO | Upscaling enabled: engine=e target=long_edge=3840',
  '2025-12-21 12:00:03,000 | INFO | Run completed successfully for generation run123',
];

export const F1_OPLOG = `${F1_LINES.join('\n')}\n`;
export const F1_OPLOG_SPACE = `${F1_LINES.map((l) => l.replace(' |', '').replace(' |', '')).join('\n')}\n`;

export function f1Transcript(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    generation_id: 'run123',
    seed: 99,
    context: { holiday: 'MUST adopt' },
    concept_filter_log: { input: 'foo', output: 'foo' },
    steps: [
      { type: 'chat', name: 'consensus_1', path: 'pipeline/s/consensus_1', prompt: 'p', response: 'A snowy village', prompt_chars: 90, input_chars: 120, context_chars: 30, response_chars: 200 },
    ],
    ...overrides,
  };
}

/** Write `<id>_oplog.log` / `<id>_transcript.json` into `dir` (either may be omitted). */
export function writeRun(dir: string, id: string, opts: { oplog?: string | null; transcript?: unknown }): void {
  fs.mkdirSync(dir, { recursive: true });
  if (opts.oplog !== undefined && opts.oplog !== null) fs.writeFileSync(path.join(dir, `${id}_oplog.log`), opts.oplog);
  if (opts.transcript !== undefined) fs.writeFileSync(path.join(dir, `${id}_transcript.json`), JSON.stringify(opts.transcript, null, 2));
}

export function readJson(p: string): any {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

/** F3 of review.md §8 (section `pipeline/section`). */
export const F3_STEPS = [
  { name: 'draft', path: 'pipeline/section/draft', response: 'Base output.' },
  { name: 'critic_a', path: 'pipeline/section/tot_enclave/critic_a', response: '## Issues\n- too plain\n## Edits\n- Use the phrase "A snowy village with lights."' },
  { name: 'consensus_1', path: 'pipeline/section/consensus_1', response: 'A snowy village with lights.' },
  { name: 'consensus_2', path: 'pipeline/section/consensus_2', response: 'A snowy village with lights.' },
  { name: 'final_consensus', path: 'pipeline/section/final_consensus', response: 'A snowy village with lights.\nChristmas lights sparkle.' },
];
