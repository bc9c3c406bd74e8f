import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempWorkspace } from './helpers.js';

/** Validator built from the JSON Schema text alone (zod's JSON Schema reader, independent of the loader's field tree). */
function validatorFrom(schemaText: string): z.ZodType {
  return z.fromJSONSchema(JSON.parse(schemaText) as Parameters<typeof z.fromJSONSchema>[0]);
}

function yamlFile(rel: string): unknown {
  return YAML.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'), { version: '1.2' });
}

describe('config schema', () => {
  const dir = tempWorkspace('config-schema');
  const printed = runCli(['config', 'schema'], { cwd: dir });

  it('prints a draft 2020-12 schema identical to the shipped config/config.schema.json', async () => {
    const r = await printed;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const schema = JSON.parse(r.stdout) as Record<string, any>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.upscale.anyOf[0].properties.tta.description).toBeTruthy();
    expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'config/config.schema.json'), 'utf8'));
  });

  it('validates the shipped sample configs and rejects wrong types, values and unknown keys', async () => {
    const v = validatorFrom((await printed).stdout);
    expect(v.safeParse(yamlFile('config/config.yaml')).success).toBe(true);
    expect(v.safeParse(yamlFile('config/config.full_example.yaml')).success).toBe(true);
    expect(v.safeParse(yamlFile('data/default_config.yaml')).success).toBe(true);
    expect(v.safeParse({ upscale: { tta: 'yes', tile_size: '8' }, 'run-review': { enabled: 1 } }).success).toBe(true);
    expect(v.safeParse({ upscale: { target_long_edge_px: 'big' } }).success).toBe(false);
    expect(v.safeParse({ upscale: { tta: 'maybe' } }).success).toBe(false);
    expect(v.safeParse({ run: { mode: 'fast' } }).success).toBe(false);
    expect(v.safeParse({ providers: { text: { provider: 'openai', timeout_s: 0 } } }).success).toBe(false);
    expect(v.safeParse({ colour: 'blue' }).success).toBe(false);
    expect(v.safeParse({ prompt: { stage_configs: { defaults: { 'any.kind': { open: { knobs: 1 } } } } } }).success).toBe(true);
  });

  it('--output writes the file; an unwritable target is one line and exit 2', async () => {
    const out = path.join(dir, 'schema.json');
    const ok = await runCli(['config', 'schema', '--output', out], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe((await printed).stdout);
    const bad = await runCli(['config', 'schema', '--output', path.join(dir, 'missing/dir/s.json').replace('missing', 'schema.json')], { cwd: dir });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(bad.stderr).toMatch(/^config schema: cannot write .*s\.json: /);
  });
});
