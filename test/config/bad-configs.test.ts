import path from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { runCli, tempWorkspace, write } from './helpers.js';

interface BadCase {
  name: string;
  yaml: string;
  /** The stderr line after `config show: ` must contain this (and the file path). */
  message: string;
}

const CASES: BadCase[] = [
  { name: 'invalid YAML', yaml: 'run: [full,\n', message: 'Invalid YAML in {file}: ' },
  { name: 'duplicate key', yaml: 'strict: true\nstrict: false\n', message: 'Invalid YAML in {file}: Map keys must be unique at line 2, column 1' },
  { name: 'root is a list', yaml: '- run\n- image\n', message: 'Config file must contain a YAML mapping: {file}' },
  { name: 'root is a scalar', yaml: 'just text\n', message: 'Config file must contain a YAML mapping: {file}' },
  { name: 'section is a list (merge clash)', yaml: 'image: [a, b]\n', message: 'Invalid config overlay merge at image: base is mapping but overlay is list' },
  { name: 'scalar over mapping (merge clash)', yaml: 'prompt:\n  audience: viewer\n', message: 'Invalid config overlay merge at prompt.audience: base is mapping but overlay is string' },
  { name: 'mapping over scalar (merge clash)', yaml: 'run:\n  mode: {a: 1}\n', message: 'Invalid config overlay merge at run.mode: base is string but overlay is mapping' },
  { name: 'literal dotted stage key clash', yaml: 'prompt:\n  stage_configs:\n    defaults:\n      blackbox_refine.loop: [1]\n', message: 'Invalid config overlay merge at prompt.stage_configs.defaults.blackbox_refine.loop: base is mapping but overlay is list' },
  { name: 'new section not a mapping', yaml: 'rclone: [x]\n', message: 'Invalid config overlay merge at rclone: base is mapping but overlay is list' },
  { name: 'bad boolean', yaml: 'upscale:\n  tta: maybe\n', message: 'Invalid boolean for upscale.tta: maybe' },
  { name: 'bad boolean number', yaml: 'run_review:\n  enabled: 2\n', message: 'Invalid boolean for run_review.enabled: 2' },
  { name: 'bad strict boolean', yaml: 'strict: sometimes\n', message: 'Invalid boolean for strict: sometimes' },
  { name: 'unknown run.mode', yaml: 'run:\n  mode: fast\n', message: 'Unknown run.mode: fast' },
  { name: 'int expected, got boolean', yaml: 'upscale:\n  target_long_edge_px: true\n', message: 'Invalid config type for upscale.target_long_edge_px: expected int' },
  { name: 'int expected, got fraction', yaml: 'upscale:\n  tile_size: 1.5\n', message: 'Invalid config value for upscale.tile_size: must be an int' },
  { name: 'int must be > 0', yaml: 'upscale:\n  target_long_edge_px: 0\n', message: 'Invalid config value for upscale.target_long_edge_px: must be > 0' },
  { name: 'float expected', yaml: 'context:\n  holiday:\n    base_probability: often\n', message: 'Invalid config value for context.holiday.base_probability: must be a float' },
  { name: 'probability range', yaml: 'context:\n  holiday:\n    max_probability: 1.5\n', message: 'Invalid config value for context.holiday.max_probability: must be between 0 and 1' },
  { name: 'string expected', yaml: 'upscale:\n  model_name: 4\n', message: 'Invalid config type for upscale.model_name: expected string' },
  { name: 'bad enum', yaml: 'context:\n  injection_location: everywhere\n', message: "Invalid config value for context.injection_location: 'everywhere' (expected: system|prompt|both)" },
  { name: 'bad provider', yaml: 'providers:\n  text:\n    provider: anthropic\n', message: "Invalid config value for providers.text.provider: 'anthropic' (expected: offline|openai)" },
  { name: 'bad provider int', yaml: 'providers:\n  image:\n    max_concurrency: 0\n', message: 'Invalid config value for providers.image.max_concurrency: must be >= 1' },
  { name: 'seed is boolean', yaml: 'prompt:\n  random_seed: true\n', message: 'prompt.random_seed must be an int (type=boolean)' },
  { name: 'bad date', yaml: 'context:\n  date: 2026-02-30\n', message: "Invalid config value for context.date: '2026-02-30' (expected YYYY-MM-DD)" },
  { name: 'tag not a string', yaml: 'experiment:\n  tags: [a, 3]\n', message: 'Invalid config type for experiment.tags[1]: expected string' },
  { name: 'include item not a string', yaml: 'prompt:\n  stages:\n    include: [a, 7]\n', message: 'prompt.stages.include[1] must be a string (type=integer)' },
  { name: 'unknown keys with strict', yaml: 'strict: true\nfoo: 1\nimage:\n  bar: 2\n', message: 'Unknown config keys: foo, image.bar' },
  { name: 'unknown prompt key with strict', yaml: 'strict: true\nprompt:\n  extensions: []\n', message: 'Unknown prompt config keys: prompt.extensions' },
  { name: 'unknown prompt.stages key', yaml: 'prompt:\n  stages:\n    skip: [a]\n', message: 'Unknown prompt.stages keys: prompt.stages.skip' },
  { name: 'unknown prompt.audience key', yaml: 'prompt:\n  audience:\n    age: 5\n', message: 'Unknown prompt.audience keys: prompt.audience.age' },
  { name: 'removed image.save_path', yaml: 'image:\n  save_path: out\n', message: 'Config key image.save_path has been removed; use image.generation_path instead.' },
  { name: 'removed prompt blocks', yaml: 'prompt:\n  scoring: {}\n  concepts: {}\n', message: 'Removed prompt config blocks present: prompt.scoring, prompt.concepts. Move stage knobs under prompt.stage_configs.{defaults,instances}.' },
  { name: 'both run-review spellings', yaml: 'run-review: {}\nrun_review: {}\n', message: 'Config cannot specify both run-review and run_review' },
  { name: 'review path required', yaml: 'run_review:\n  enabled: true\n  review_path: null\n', message: 'Missing required config: run_review.review_path (required when run_review.enabled=true)' },
  { name: 'plan deleted', yaml: 'prompt:\n  plan: null\n', message: 'Missing required config: prompt.plan' },
  { name: 'generation_path required in full mode', yaml: 'image:\n  generation_path: null\n', message: 'Missing required config: image.generation_path (required when run.mode=full)' },
  { name: 'rclone remote required', yaml: 'rclone:\n  enabled: true\n', message: 'Missing required config: rclone.remote (required when rclone.enabled=true)' },
  { name: 'width without height', yaml: 'upscale:\n  target_width_px: 1920\n', message: 'Both upscale.target_width_px and upscale.target_height_px must be provided together' },
  { name: 'size and aspect together', yaml: 'upscale:\n  target_width_px: 1920\n  target_height_px: 1080\n  target_aspect_ratio: "4:3"\n', message: 'Provide either upscale.target_width_px/target_height_px or upscale.target_aspect_ratio, not both' },
  { name: 'bad aspect ratio', yaml: 'upscale:\n  target_aspect_ratio: wide\n', message: 'Invalid aspect ratio for upscale.target_aspect_ratio: wide' },
  { name: 'max below base probability', yaml: 'context:\n  holiday:\n    base_probability: 0.6\n', message: 'context.holiday.max_probability must be >= base_probability' },
  { name: 'calendar injector', yaml: 'context:\n  injectors: [season, calendar]\n', message: "Calendar context injector is not implemented yet. Set context.calendar.enabled=false (default) or remove 'calendar' from context.injectors." },
  { name: 'duplicate stage default', yaml: 'prompt:\n  stage_configs:\n    defaults:\n      loop: {}\n      blackbox_refine.loop: {}\n', message: 'Duplicate stage config default after normalization: loop and blackbox_refine.loop both map to blackbox_refine.loop' },
  { name: 'stage default not a mapping', yaml: 'prompt:\n  stage_configs:\n    defaults:\n      ab.scene_draft: 3\n', message: 'prompt.stage_configs.defaults.ab.scene_draft must be a mapping (type=integer)' },
  { name: 'override params temperature', yaml: 'prompt:\n  stages:\n    overrides:\n      initial_prompt:\n        params: {temperature: 1}\n', message: 'prompt.stages.overrides.initial_prompt.params sets temperature; use .temperature instead' },
  { name: 'both draft sources', yaml: 'prompt:\n  refine_only:\n    draft: a cat\n    draft_path: d.txt\n', message: 'Provide only one of prompt.refine_only.draft or prompt.refine_only.draft_path' },
  { name: 'sequence ignored with strict', yaml: 'strict: true\nprompt:\n  stages:\n    sequence: [standard.initial_prompt]\n', message: 'prompt.stages.sequence is ignored for prompt.plan=blackbox_refine' },
];

describe('config show rejects bad configs with one line and exit 2', () => {
  const dir = tempWorkspace('config-bad');
  const limit = pLimit(3);
  const results = Promise.all(
    CASES.map((c, i) =>
      limit(async () => {
        const file = write(path.join(dir, `bad_${i}.yaml`), c.yaml);
        return { file, result: await runCli(['config', 'show', '--config-path', file], { cwd: dir }) };
      }),
    ),
  );

  it('has at least 25 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const { file, result } = (await results)[i]!;
    const c = CASES[i]!;
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.startsWith('config show: ')).toBe(true);
    expect(line).toContain(c.message.replace('{file}', file));
    expect(line).toContain(file);
    expect(line).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
  });
});
