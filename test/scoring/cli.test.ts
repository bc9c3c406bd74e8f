import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './harness.js';

const BIN = '/work/main/bin/image-project.js';

function cli(args: string[], cwd: string) {
  const env = { ...process.env };
  delete env.IMAGE_PROJECT_CONFIG;
  delete env.OPENAI_API_KEY;
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
}

function workspace(configYaml?: string): string {
  const dir = tempDir('scoring-cli-');
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  if (configYaml) {
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'config.yaml'), configYaml);
  }
  return dir;
}

describe('CLI', () => {
  it('pipeline preview on the built-in defaults compiles blackbox_refine with every loop knob', () => {
    const res = cli(['pipeline', 'preview'], workspace());
    expect(res.status, res.stderr).toBe(0);
    const meta = JSON.parse(res.stdout);
    expect(meta.plan).toBe('blackbox_refine');
    expect(meta.capture_stage).toBe('postprompt.openai_format');
    expect(meta.resolved_stages).toContain('blackbox_refine.loop');
    const loop = meta.stage_configs_effective['blackbox_refine.loop'];
    for (const key of ['iterations', 'algorithm', 'beam_width', 'branching_factor', 'include_parents_as_candidates', 'generator_model',
      'generator_temperature', 'judge_model', 'judge_temperature', 'max_prompt_chars', 'variation_prompt', 'mutation_directives',
      'judging', 'selection', 'judge_profile_source', 'exploration_rate', 'novelty', 'seed_source']) {
      expect(loop).toHaveProperty(key);
    }
    expect(loop.judging.judges.map((j: { id: string }) => j.id)).toEqual(['j1', 'j2', 'j3']);
    expect(meta.stage_io['blackbox_refine.loop']).toEqual({ requires: ['bbref.seed_prompt'], provides: ['bbref.beams'], captures: [] });
  });

  it('pipeline preview reports a bad loop knob as one line, exit 2', () => {
    const dir = workspace('prompt:\n  stage_configs:\n    defaults:\n      blackbox_refine.loop: {algorithm: beam, beam_width: 1}\n');
    const res = cli(['pipeline', 'preview'], dir);
    expect(res.status).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pipeline preview: .*beam_width must be >= 2 when algorithm=beam \(got 1\)/);
  });

  it('generate (prompt_only) writes a transcript with blackbox_scoring', () => {
    const dir = workspace('run: {mode: prompt_only}\nprompt: {random_seed: 5}\n');
    const res = cli(['generate'], dir);
    expect(res.status, res.stderr).toBe(0);
    const logs = path.join(dir, '_artifacts', 'logs');
    const transcript = fs.readdirSync(logs).find((f) => f.endsWith('_transcript.json'))!;
    const t = JSON.parse(fs.readFileSync(path.join(logs, transcript), 'utf8'));
    expect(t.blackbox_scoring.selection_mode).toMatch(/^(explore|exploit)$/);
    expect(t.blackbox_scoring.prompt_refine.iterations).toHaveLength(3);
    expect(t.final_image_prompt.length).toBeGreaterThan(0);
  });
});
