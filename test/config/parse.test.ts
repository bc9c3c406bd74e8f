import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinConfigDict, deepMerge, loadAndParseConfig, packageDataPath, parseConfig } from '../../src/config/index.js';
import { tempWorkspace, write } from './helpers.js';

const WS = '/ws';

function parse(overlay: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const dict = deepMerge(builtinConfigDict(), overlay) as Record<string, unknown>;
  return parseConfig(dict, { workspaceRoot: WS, env });
}

describe('parseConfig values (config.md §4)', () => {
  it('fills every default of the built-in config with absolute paths', () => {
    const { config, warnings } = parse({});
    expect(config.image.log_path).toBe('/ws/_artifacts/logs');
    expect(config.prompt.profile_path).toBe(packageDataPath('sample/user_profile_v4.csv'));
    expect(config.prompt.generations_path).toBe('/ws/_artifacts/logs/generations_v2.csv');
    expect(config.prompt.titles_manifest_path).toBe('/ws/_artifacts/generated/titles_manifest.csv');
    expect(config.upscale.target_aspect_ratio).toBeCloseTo(16 / 9, 12);
    expect(config.context).toMatchObject({ enabled: true, injectors: ['season', 'holiday'], date: null });
    expect(config.providers.text).toMatchObject({ api: 'auto', reasoning_effort: 'medium', timeout_s: 180, max_retries: 3, format_retries: 2 });
    expect(config.providers.image).toMatchObject({ timeout_s: 300, max_retries: 2, quality: 'high', moderation: 'low' });
    expect(warnings).toEqual([{ level: 'INFO', message: 'Config key prompt.titles_manifest_path is not set; defaulting to /ws/_artifacts/generated/titles_manifest.csv' }]);
    expect(Object.keys(config)).toEqual(['strict', 'run', 'image', 'run_review', 'prompt', 'context', 'upscale', 'rclone', 'experiment', 'experiment_runners', 'providers']);
  });

  it('expands ~, $VAR and ${VAR}, resolves builtin: and relative paths, keeps absolute ones', () => {
    const { config } = parse(
      {
        image: { log_path: '~/logs', generation_path: '$OUT/gen', upscale_path: '${OUT}/up', caption_font_path: '/fonts/a.ttf' },
        prompt: { categories_path: 'builtin:sample/category_list_v1.csv', profile_path: 'data/$MISSING_VAR/p.csv' },
      },
      { OUT: '/data/out' },
    );
    expect(config.image.log_path).toBe(path.join(os.homedir(), 'logs'));
    expect(config.image.generation_path).toBe('/data/out/gen');
    expect(config.image.upscale_path).toBe('/data/out/up');
    expect(config.image.caption_font_path).toBe('/fonts/a.ttf');
    expect(config.prompt.categories_path).toBe(packageDataPath('sample/category_list_v1.csv'));
    expect(config.prompt.profile_path).toBe('/ws/data/$MISSING_VAR/p.csv');
  });

  it('accepts the boolean, int and float spellings of §4', () => {
    const { config } = parse({
      strict: 'No',
      upscale: { enabled: ' YES ', tta: 1, allow_fallback_resize: '0', tile_size: '16', target_long_edge_px: 2048.0 },
      run_review: { enabled: 'false' },
      context: { holiday: { base_probability: '0.25', lookahead_days: '7' } },
    });
    expect(config.strict).toBe(false);
    expect(config.upscale).toMatchObject({ enabled: true, tta: true, allow_fallback_resize: false, tile_size: 16, target_long_edge_px: 2048 });
    expect(config.run_review.enabled).toBe(false);
    expect(config.context.holiday).toEqual({ lookahead_days: 7, base_probability: 0.25, max_probability: 0.55 });
  });

  it('null deletes: the default applies; experiment strings trim and empty reads as null', () => {
    const { config } = parse({
      upscale: { target_long_edge_px: null, model_name: null },
      experiment: { tags: null, id: '  exp-1 ', notes: '   ' },
      context: { season: { hemisphere: 'South' } },
      prompt: { random_seed: ' 42 ', plan: ' Standard ' },
    });
    expect(config.upscale.target_long_edge_px).toBe(3840);
    expect(config.upscale.model_name).toBe('realesrgan-x4plus');
    expect(config.experiment).toEqual({ id: 'exp-1', variant: null, notes: null, tags: [] });
    expect(config.context.season.hemisphere).toBe('southern');
    expect(config.prompt.random_seed).toBe(42);
    expect(config.prompt.plan).toBe('standard');
  });

  it('prompt_only mode needs no generation path and leaves the manifest unset', () => {
    const { config, warnings } = parse({ run: { mode: ' PROMPT_ONLY ' }, image: { generation_path: null, upscale_path: null }, upscale: { enabled: true } });
    expect(config.run.mode).toBe('prompt_only');
    expect(config.image.generation_path).toBeNull();
    expect(config.prompt.titles_manifest_path).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('context.injectors deleted while enabled → default with a warning', () => {
    const { config, warnings } = parse({ context: { injectors: null } });
    expect(config.context.injectors).toEqual(['season', 'holiday']);
    expect(warnings[0]).toEqual({ level: 'WARNING', message: "Config key context.injectors is not set; defaulting to ['season', 'holiday']" });
  });

  it('stage configs stay opaque (dotted keys literal, null max_prompt_chars kept), sequence mappings normalised', () => {
    const { config } = parse({
      prompt: {
        plan: 'custom',
        stages: { sequence: ['select_concepts', { stage: 'standard.image_prompt_creation', name: 'final' }], overrides: { final: { temperature: 0.3 } } },
        stage_configs: { defaults: { 'blackbox_refine.loop': { max_prompt_chars: null } }, instances: { final: { anything: [1] } } },
      },
    });
    expect(config.prompt.stages.sequence).toEqual(['select_concepts', { stage: 'standard.image_prompt_creation', name: 'final' }]);
    expect(config.prompt.stages.overrides).toEqual({ final: { temperature: 0.3 } });
    expect(config.prompt.stage_configs.defaults['blackbox_refine.loop']!.max_prompt_chars).toBeNull();
    expect(config.prompt.stage_configs.defaults['blackbox_refine.loop']!.iterations).toBe(3);
    expect(config.prompt.stage_configs.instances).toEqual({ final: { anything: [1] } });
  });
});

describe('providers (config.md §7.12)', () => {
  it('fills per-provider defaults; a custom base_url without api_key_env needs no key', () => {
    const { config } = parse({
      providers: { text: { provider: 'openai', base_url: 'http://localhost:11434/v1/', model: 'llama3.1' }, image: { provider: 'OpenAI' } },
    });
    expect(config.providers.text).toMatchObject({ provider: 'openai', model: 'llama3.1', base_url: 'http://localhost:11434/v1', api_key_env: null, requests_per_minute: 120 });
    expect(config.providers.image).toMatchObject({ provider: 'openai', model: 'gpt-image-1.5', base_url: null, api_key_env: 'OPENAI_API_KEY', requests_per_minute: 120 });
  });

  it('keeps an explicit api_key_env and a null reasoning_effort; warns about offline-only keys', () => {
    const { config, warnings } = parse({
      providers: { text: { provider: 'openai', base_url: 'https://example.test/v1', api_key_env: 'MY_KEY', reasoning_effort: null, error_rate: 0.5 } },
    });
    expect(config.providers.text.api_key_env).toBe('MY_KEY');
    expect(config.providers.text.reasoning_effort).toBeNull();
    expect(warnings.map((w) => w.message)).toContain('Config key providers.text.error_rate is ignored for provider=openai (offline only)');
  });
});

describe('loadConfig layering rules (config.md §1)', () => {
  it('renames run-review, normalises defaults selectors (loop → blackbox_refine.loop) and drops the lower aspect ratio', () => {
    const dir = tempWorkspace('config-layering');
    write(
      path.join(dir, 'config/config.yaml'),
      [
        'run-review: {enabled: yes, review_path: reviews}',
        'prompt:',
        '  stage_configs:',
        '    defaults:',
        '      loop: {iterations: 5}',
        'upscale: {target_width_px: 1920, target_height_px: 1080}',
        'providers: {text: {provider: offline}, image: {provider: offline}}',
        '',
      ].join('\n'),
    );
    const loaded = loadAndParseConfig({ cwd: dir, env: {} });
    expect(loaded.meta).toEqual({ mode: 'base', paths: [path.join(dir, 'config/config.yaml')], env_var: 'IMAGE_PROJECT_CONFIG', workspace_root: dir });
    expect(loaded.notes).toEqual([{ level: 'INFO', message: `Loaded config base=${path.join(dir, 'config/config.yaml')}` }]);
    expect(loaded.config.run_review).toEqual({ enabled: true, review_path: path.join(dir, 'reviews') });
    const loop = loaded.config.prompt.stage_configs.defaults['blackbox_refine.loop']!;
    expect(loop.iterations).toBe(5);
    expect(loop.algorithm).toBe('hillclimb');
    expect(loaded.config.prompt.stage_configs.defaults.loop).toBeUndefined();
    expect(loaded.config.upscale).toMatchObject({ target_width_px: 1920, target_height_px: 1080, target_aspect_ratio: null });
  });

  it('a whole mapping (experiment cfg_dict) is parsed as is: run-review renamed, no layering', () => {
    const dict = deepMerge(builtinConfigDict(), {}) as Record<string, unknown>;
    dict['run-review'] = dict.run_review;
    delete dict.run_review;
    const { config } = parseConfig(dict, { workspaceRoot: WS });
    expect(config.run_review.review_path).toBe('/ws/_artifacts/reviews');
  });

  it('checks a draft_path exists only when the plan takes a draft', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-draft-'));
    expect(() => parse({ prompt: { plan: 'refine_only', refine_only: { draft_path: path.join(dir, 'none.txt') } } })).toThrow(
      `prompt.refine_only.draft_path not found: ${path.join(dir, 'none.txt')}`,
    );
    write(path.join(dir, 'd.txt'), 'a lighthouse at dusk');
    const { config } = parse({ prompt: { plan: 'refine_only', refine_only: { draft_path: path.join(dir, 'd.txt') } } });
    expect(config.prompt.refine_only).toEqual({ draft: null, draft_path: path.join(dir, 'd.txt') });
  });
});
