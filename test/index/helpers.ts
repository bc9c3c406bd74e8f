/** Test helpers for index/: temp dirs, the fixture copy, synthetic artifact trees, CLI runs. */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
export const BIN = path.join(REPO, 'bin', 'image-project.js');
export const FIXTURE = path.resolve(REPO, 'test', 'fixtures', 'python-tool-artifacts', '_artifacts');

export function tempDir(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `ip-index-${tag}-`));
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

/** Copy of the older tool's artifacts tree at `<tmp>/<name>` (default `_artifacts`), without its index/. */
export function copyFixture(parent: string, name = '_artifacts', keepOldIndex = false): string {
  const dest = path.join(parent, name);
  cpSync(FIXTURE, dest, { recursive: true });
  makeWritable(dest);
  // The older tool's own index stays readable in FIXTURE/index; the copy is indexed afresh.
  if (!keepOldIndex) rmSync(path.join(dest, 'index'), { recursive: true, force: true });
  return dest;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string): CliResult {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, IMAGE_PROJECT_CONFIG: '' } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

// ---------- synthetic artifacts in the formats of generation.md / experiments.md ----------

export interface SynthRun {
  variant: string;
  run: number;
  gid: string;
  seed: number;
}

export function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function append(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, text);
}

export function planJson(opts: { id: string; name: string; outputRoot: string; mode: string; baseSeed: number; runs: SynthRun[] }): string {
  return `${JSON.stringify(
    {
      schema_version: 1,
      kind: 'experiment_plan',
      generated_at: '2026-01-20T15:15:00Z',
      experiment_name: opts.name,
      experiment_id: opts.id,
      output_root: opts.outputRoot,
      run_mode: opts.mode,
      config_meta: null,
      plugin: { ref: `builtin:${opts.name}`, summary: 'test' },
      runner: { standard_overrides: {}, flags: {} },
      experiment_args: {},
      experiment_meta: { base_seed: opts.baseSeed },
      planned_runs: opts.runs.map((r) => ({
        variant: r.variant,
        variant_name: `${r.variant}_name`,
        plan: 'custom',
        run: r.run,
        generation_id: r.gid,
        seed: r.seed,
      })),
    },
    null,
    2,
  )}\n`;
}

export function runLine(opts: {
  gid: string;
  status: 'success' | 'error';
  expId: string;
  variant: string;
  logDir: string;
  imageDir?: string;
  seed?: number;
  createdAt?: string;
  mode?: string;
}): string {
  return `${JSON.stringify({
    schema_version: 1,
    generation_id: opts.gid,
    created_at: opts.createdAt ?? '2026-01-20T15:15:03Z',
    seed: opts.seed ?? 1000,
    status: opts.status,
    phase: opts.status === 'success' ? 'complete' : 'pipeline',
    run_mode: opts.mode ?? 'full',
    experiment: { id: opts.expId, variant: `${opts.variant}_variant`, notes: 'note', tags: ['t1', `run:${opts.gid}`] },
    prompt_pipeline: null,
    artifacts: {
      transcript: path.join(opts.logDir, `${opts.gid}_transcript.json`),
      oplog: path.join(opts.logDir, `${opts.gid}_oplog.log`),
      final_prompt: path.join(opts.logDir, `${opts.gid}_final_prompt.txt`),
      image: opts.status === 'success' && opts.imageDir ? path.join(opts.imageDir, `${opts.gid}_image.jpg`) : null,
      upscaled_image: null,
    },
    ...(opts.status === 'error' ? { error: { type: 'ProviderError', message: 'boom', phase: 'pipeline' } } : {}),
  })}\n`;
}

export const MANIFEST_HEADER = 'seq,title,generation_id,image_prompt,image_path,created_at,model,size,quality,seed,title_source,title_raw\r\n';
export function manifestRow(seq: number, gid: string, imageDir: string, createdAt = '2026-01-20T15:16:00Z'): string {
  return `${seq},Title ${seq},${gid},"a prompt, with comma",${path.join(imageDir, `${gid}_image.jpg`)},${createdAt},gpt-image-1,1024x1024,high,,llm,Title ${seq}\r\n`;
}

export const GENERATIONS_HEADER = 'generation_id,selected_concepts,final_image_prompt,image_path,created_at,seed\r\n';
export function generationsRow(gid: string, imageDir: string, seed: number): string {
  return `${gid},"[""Cat"", ""Moody""]","line one\nline   two",${path.join(imageDir, `${gid}_image.jpg`)},2026-01-20T15:15:03Z,${seed}\r\n`;
}

/** One experiment directory with `runs` planned runs per variant A/B, all executed (success) in full mode. */
export function writeExperiment(root: string, dirName: string, opts: { runsPerVariant: number; baseSeed?: number; execute?: boolean }): SynthRun[] {
  const dir = path.join(root, 'experiments', dirName);
  const logDir = path.join(dir, 'logs');
  const genDir = path.join(dir, 'generated');
  const id = `exp_${dirName}`;
  const runs: SynthRun[] = [];
  for (let r = 1; r <= opts.runsPerVariant; r++) {
    for (const v of ['A', 'B']) runs.push({ variant: v, run: r, gid: `${v}${r}_${dirName}`, seed: (opts.baseSeed ?? 100) + r - 1 });
  }
  write(path.join(dir, 'experiment_plan.json'), planJson({ id, name: 'ab_test', outputRoot: dir, mode: 'full', baseSeed: opts.baseSeed ?? 100, runs }));
  if (opts.execute === false) return runs;
  let jsonl = '';
  let manifest = MANIFEST_HEADER;
  let gens = GENERATIONS_HEADER;
  runs.forEach((r, i) => {
    jsonl += runLine({ gid: r.gid, status: 'success', expId: id, variant: r.variant, logDir, imageDir: genDir, seed: r.seed });
    manifest += manifestRow(i + 1, r.gid, genDir);
    gens += generationsRow(r.gid, genDir, r.seed);
  });
  write(path.join(logDir, 'runs_index.jsonl'), jsonl);
  write(path.join(genDir, 'titles_manifest.csv'), manifest);
  write(path.join(logDir, 'generations_v2.csv'), gens);
  write(path.join(dir, 'experiment_results.json'), '{"schema_version": 1, "kind": "experiment_results", "results": []}\n');
  return runs;
}
