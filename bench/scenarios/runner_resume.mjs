// `--resume` of a completed 1000-run experiment (nothing left to run): in process and via the CLI
// (the CLI figure includes Node start-up). The experiment is produced with an instant run double that
// appends real runs_index lines. Target: < 0.5 s.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

export default async function run(ctx) {
  const { runExperiment } = await import(path.join(ctx.root, 'dist/experiments/runner.js'));
  const { appendJsonl } = await import(path.join(ctx.root, 'dist/artifacts/index.js'));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  fs.writeFileSync(path.join(ws, 'package.json'), '{}');
  const root = path.join(ws, '_artifacts', 'experiments', 'resume');
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const io = { stdout: () => undefined, stderr: sink, isTTY: false };
  const services = {
    runGeneration: async (cfg, o) => {
      await appendJsonl(path.join(cfg.image.log_path, 'runs_index.jsonl'), {
        schema_version: 1, generation_id: o.generationId, status: 'success', phase: 'complete', run_mode: 'prompt_only',
        experiment: cfg.experiment, prompt_pipeline: null,
        artifacts: { transcript: null, oplog: null, final_prompt: null, image: null, upscaled_image: null },
      });
      return { generationId: o.generationId, status: 'success', imagePath: null, finalPrompt: 'p', outputs: { prompt_pipeline: null }, error: null, durationMs: 0 };
    },
    checkProviders: async () => undefined,
  };
  const first = await runExperiment({ name: 'ab_refinement_block', tokens: ['--runs', '500', '--seed', '1', '--output-root', root], cwd: ws, services, io });
  if (first.exitCode !== 0) throw new Error(`setup exit ${first.exitCode}`);
  const t0 = performance.now();
  const again = await runExperiment({ name: 'ab_refinement_block', tokens: ['--resume', '--output-root', root], cwd: ws, io });
  const inProcess = performance.now() - t0;
  if (again.exitCode !== 0) throw new Error(`resume exit ${again.exitCode}`);
  const t1 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ctx.root, 'bin', 'image-project.js'), 'experiments', 'run', 'ab_refinement_block', '--resume', '--output-root', root], { cwd: ws, encoding: 'utf8' });
  const viaCli = performance.now() - t1;
  if (r.status !== 0) throw new Error(`cli resume exit ${r.status}: ${r.stderr.slice(-300)}`);
  const log = fs.readFileSync(path.join(root, 'experiment.log'), 'utf8');
  fs.rmSync(ws, { recursive: true, force: true });
  return {
    planned_runs: 1000,
    resume_in_process_s: +(inProcess / 1000).toFixed(3),
    resume_cli_s: +(viaCli / 1000).toFixed(3),
    nothing_to_run: log.includes('Resume: nothing to run'),
    target_s: 0.5,
  };
}
