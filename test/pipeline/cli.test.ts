import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const BIN = '/work/main/bin/image-project.js';

function cli(args: string[], cwd = tempDir('pipeline-cli-')): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.IMAGE_PROJECT_CONFIG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const MY_STAGES = [
  'ab.final_prompt_format', 'ab.final_prompt_format_from_scenespec', 'ab.random_token', 'ab.scene_draft',
  'ab.scene_refine_no_block', 'ab.scene_refine_with_block', 'ab.scene_spec_json', 'direct.image_prompt_creation',
  'postprompt.openai_format', 'postprompt.profile_nudge', 'preprompt.filter_concepts', 'preprompt.select_concepts',
  'refine.image_prompt_refine', 'refine.tot_enclave', 'standard.image_prompt_creation', 'standard.initial_prompt',
  'standard.initial_prompt_freeform', 'standard.section_2_choice', 'standard.section_2b_title_and_story',
  'standard.section_3_message_focus', 'standard.section_4_concise_description',
];

describe('CLI (§12)', () => {
  it('list-stages prints <id>\\t<doc> sorted by id, every stage of this area included', async () => {
    const { code, stdout } = await cli(['list-stages']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const ids = lines.map((l) => l.split('\t')[0]!);
    expect(ids).toEqual([...ids].sort());
    for (const id of MY_STAGES) expect(ids).toContain(id);
    for (const line of lines) expect(line).toMatch(/^[a-z_]+\.[a-z0-9_]+\t\S.+$/);
  });

  it('list-plans prints the plans sorted by name', async () => {
    const { code, stdout } = await cli(['list-plans']);
    expect(code).toBe(0);
    const names = stdout.trimEnd().split('\n').map((l) => l.split('\t')[0]);
    expect(names).toEqual([...names].sort());
    for (const p of ['baseline', 'custom', 'direct', 'profile_only', 'profile_only_simple', 'refine_only', 'simple', 'simple_no_concepts', 'standard']) {
      expect(names).toContain(p);
    }
  });

  it('pipeline preview prints the compile metadata; --plan replaces prompt.plan; errors exit 2 with one line', async () => {
    const dir = tempDir('pipeline-cli-');
    const cfgFile = path.join(dir, 'c.yaml');
    fs.writeFileSync(cfgFile, 'prompt:\n  plan: standard\n  stage_configs:\n    instances:\n      tot_enclave: {reduce_style: consensus, bogus: 1}\n');
    const [ok, bad, unknown, missing] = await Promise.all([
      cli(['pipeline', 'preview', '--plan', 'simple']),
      cli(['pipeline', 'preview', '--config-path', cfgFile], dir),
      cli(['pipeline', 'preview', '--plan', 'nope']),
      cli(['pipeline', 'preview', '--config-path', path.join(dir, 'absent.yaml')], dir),
    ]);
    expect(ok.code).toBe(0);
    const meta = JSON.parse(ok.stdout);
    expect(meta.plan).toBe('simple');
    expect(meta.capture_stage).toBe('standard.image_prompt_creation');
    expect(meta.stage_configs_effective['preprompt.select_concepts']).toEqual({ strategy: 'random', fixed: [], file_path: null });


    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'pipeline preview: Unknown config keys under prompt.stage_configs.resolved.refine.tot_enclave: bogus (stage: refine.tot_enclave; consumed: capture_prefix, critics, max_critics, reduce_style)\n',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toMatch(/^pipeline preview: Unknown prompt plan: nope \(available: .*standard/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`pipeline preview: Config file not found: ${path.join(dir, 'absent.yaml')}\n`);
  });
});
