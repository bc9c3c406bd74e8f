import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runCli, tempWorkspace, write } from './helpers.js';

function body(stdout: string): Record<string, any> {
  return YAML.parse(stdout) as Record<string, any>;
}

function headerLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('#'));
}

describe('config show: where the config comes from', () => {
  it('in an empty directory prints the built-in defaults and says no config file was found', async () => {
    const dir = tempWorkspace('config-empty');
    const r = await runCli(['config', 'show'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(headerLines(r.stdout)).toEqual(['# source: built-in default config', '# no config file found']);
    const cfg = body(r.stdout);
    expect(cfg.image.log_path).toBe(path.join(dir, '_artifacts/logs'));
    expect(cfg.prompt.categories_path).toBe(path.join(ROOT, 'data/sample/category_list_v1.csv'));
    expect(cfg.prompt.plan).toBe('blackbox_refine');
    expect(cfg.providers.text).toMatchObject({ provider: 'offline', model: 'offline-text-v1', requests_per_minute: 0 });
    expect(cfg.providers.image).toMatchObject({ provider: 'offline', model: 'offline-image-v1', size: '1536x1024' });
    expect(cfg.prompt.stage_configs.defaults['blackbox_refine.loop'].iterations).toBe(3);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'config show: Loaded built-in default config',
      `config show: Config key prompt.titles_manifest_path is not set; defaulting to ${path.join(dir, '_artifacts/generated/titles_manifest.csv')}`,
    ]);
  });

  it('in a workspace merges config.yaml and config.local.yaml (found from a subfolder)', async () => {
    const dir = tempWorkspace('config-ws');
    const base = write(path.join(dir, 'config/config.yaml'), 'run:\n  mode: prompt_only\nimage:\n  log_path: out/logs\nexperiment:\n  tags: [a, b]\n');
    const local = write(path.join(dir, 'config/config.local.yaml'), 'experiment:\n  tags: [c]\n  id: "  local  "\nproviders:\n  text:\n    provider: openai\n');
    const sub = path.join(dir, 'sub/deeper');
    fs.mkdirSync(sub, { recursive: true });
    const r = await runCli(['config', 'show'], { cwd: sub });
    expect(r.code, r.stderr).toBe(0);
    expect(headerLines(r.stdout)).toEqual(['# source: built-in default config', `# source: ${base}`, `# source: ${local}`]);
    const cfg = body(r.stdout);
    expect(cfg.run.mode).toBe('prompt_only');
    expect(cfg.image.log_path).toBe(path.join(dir, 'out/logs'));
    expect(cfg.prompt.generations_path).toBe(path.join(dir, 'out/logs/generations_v2.csv'));
    expect(cfg.prompt.titles_manifest_path).toBeNull();
    expect(cfg.experiment).toEqual({ id: 'local', variant: null, notes: null, tags: ['c'] });
    expect(cfg.providers.text).toMatchObject({ provider: 'openai', model: 'gpt-5.2', requests_per_minute: 120, api_key_env: 'OPENAI_API_KEY' });
    const err = r.stderr.split('\n').filter(Boolean);
    expect(err[0]).toBe(`config show: Loaded config base=${base} local=${local}`);
    expect(err).toContain('config show: Config key providers.image is not set; defaulting to provider=offline');
    expect(err).not.toContain('config show: Config key providers.text is not set; defaulting to provider=offline');
  });

  it('reads only config.local.yaml over the built-in default when there is no config.yaml', async () => {
    const dir = tempWorkspace('config-localonly');
    const local = write(path.join(dir, 'config/config.local.yaml'), 'prompt:\n  plan: Standard\n');
    const r = await runCli(['config', 'show'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(headerLines(r.stdout)).toEqual(['# source: built-in default config', `# source: ${local}`]);
    expect(body(r.stdout).prompt.plan).toBe('standard');
    expect(r.stderr).toContain(`config show: Loaded built-in default config local=${local}`);
  });

  it('IMAGE_PROJECT_CONFIG and --config-path each load exactly one file (no local overlay)', async () => {
    const dir = tempWorkspace('config-env');
    write(path.join(dir, 'config/config.yaml'), 'run:\n  mode: prompt_only\n');
    write(path.join(dir, 'config/config.local.yaml'), 'experiment:\n  id: from-local\n');
    const envFile = write(path.join(dir, 'alt/env.yaml'), 'experiment:\n  id: from-env\n');
    const explicit = write(path.join(dir, 'alt/explicit.yaml'), 'experiment:\n  id: from-explicit\n');

    const viaEnv = await runCli(['config', 'show'], { cwd: dir, env: cleanEnv({ IMAGE_PROJECT_CONFIG: 'alt/env.yaml' }) });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(headerLines(viaEnv.stdout)).toEqual(['# source: built-in default config', `# source: ${envFile}`]);
    expect(body(viaEnv.stdout).experiment.id).toBe('from-env');
    expect(body(viaEnv.stdout).run.mode).toBe('full');
    expect(viaEnv.stderr).toContain(`config show: Loaded config from env IMAGE_PROJECT_CONFIG=${envFile}`);

    const viaFlag = await runCli(['config', 'show', '--config-path', 'alt/explicit.yaml'], {
      cwd: dir,
      env: cleanEnv({ IMAGE_PROJECT_CONFIG: 'alt/env.yaml' }),
    });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(headerLines(viaFlag.stdout)).toEqual(['# source: built-in default config', `# source: ${explicit}`]);
    expect(body(viaFlag.stdout).experiment.id).toBe('from-explicit');
    expect(viaFlag.stderr).toContain(`config show: Loaded config from explicit path=${explicit}`);

    const blankEnv = await runCli(['config', 'show'], { cwd: dir, env: cleanEnv({ IMAGE_PROJECT_CONFIG: '   ' }) });
    expect(body(blankEnv.stdout).experiment.id).toBe('from-local');
  });

  it('a missing config file is one line and exit 2; --debug adds the stack', async () => {
    const dir = tempWorkspace('config-missing');
    const r = await runCli(['config', 'show', '--config-path', 'nope.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(`config show: Config file not found: ${path.join(dir, 'nope.yaml')}\n`);
    const d = await runCli(['config', 'show', '--config-path', 'nope.yaml', '--debug'], { cwd: dir });
    expect(d.stderr.split('\n')[0]).toBe(`config show: Config file not found: ${path.join(dir, 'nope.yaml')}`);
    expect(d.code, d.stderr).toBe(2);
    expect(d.stderr).toMatch(/\n\s+at /);
  });

  it('warnings go to stderr and the config still prints', async () => {
    const dir = tempWorkspace('config-warn');
    const file = write(path.join(dir, 'c.yaml'), 'colour: blue\nprompt:\n  extensions: []\n  refine_only:\n    draft: a cat\nproviders:\n  text:\n    provider: openai\n    latency_ms: 50\n');
    const r = await runCli(['config', 'show', '--config-path', file], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const err = r.stderr.split('\n').filter(Boolean);
    expect(err).toEqual([
      `config show: Loaded config from explicit path=${file}`,
      'config show: Config key providers.image is not set; defaulting to provider=offline',
      'config show: Unknown config key: colour',
      'config show: Unknown prompt config keys: prompt.extensions',
      `config show: Config key prompt.titles_manifest_path is not set; defaulting to ${path.join(dir, '_artifacts/generated/titles_manifest.csv')}`,
      'config show: prompt.refine_only is ignored for prompt.plan=blackbox_refine',
      'config show: Config key providers.text.latency_ms is ignored for provider=openai (offline only)',
    ]);
    expect(body(r.stdout).colour).toBeUndefined();
  });
});
