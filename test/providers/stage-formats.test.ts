/**
 * Every response format a stage declares gets a conforming offline answer: run each catalog plan
 * (and an A/B stage sequence) end to end in prompt_only mode through the real offline provider,
 * validate every JSON answer against the schema the stage sent, and require that no step failed
 * its format check.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTextProvider } from '../../src/providers/index.js';
import type { TextProvider, TextRequest, TextResponse } from '../../src/providers/types.js';

const root = path.resolve(import.meta.dirname, '../..');
const ready = ['src/generation/run-generation.ts', 'src/plans/catalog.ts', 'src/config/index.ts', 'src/generation/prompt-side-default.ts']
  .every((f) => fs.existsSync(path.join(root, f)));

interface Seen {
  format: string;
  kind: string;
  valid: boolean;
  detail: string;
}

function recording(seen: Seen[]): TextProvider {
  const inner = createTextProvider({ provider: 'offline' });
  return {
    name: inner.name,
    defaultModel: inner.defaultModel,
    async complete(req: TextRequest): Promise<TextResponse> {
      const res = await inner.complete(req);
      const f = req.responseFormat;
      if (f?.type === 'json_schema') {
        let valid = false;
        let detail = '';
        try {
          const parsed = z.fromJSONSchema(f.schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(JSON.parse(res.text));
          valid = parsed.success;
          detail = parsed.success ? '' : JSON.stringify(parsed.error.issues).slice(0, 300);
        } catch (err) {
          detail = String(err);
        }
        seen.push({ format: f.name, kind: 'json_schema', valid, detail });
      } else if (f) seen.push({ format: f.name, kind: 'line_template', valid: true, detail: '' });
      return res;
    },
  };
}

const AB_SEQUENCE = ['ab.random_token', 'ab.scene_draft', 'ab.scene_refine_with_block', 'ab.scene_spec_json', 'ab.final_prompt_format_from_scenespec'];

describe.skipIf(!ready)('offline answers for every declared stage format', () => {
  it('runs every plan without a format failure; every JSON answer validates against its schema', async () => {
    const { runGeneration } = await import('../../src/generation/run-generation.js');
    const { PLAN_CATALOG } = await import('../../src/plans/catalog.js');
    const { loadAndParseConfig } = await import('../../src/config/index.js');
    const plans: { label: string; prompt: Record<string, unknown>; mode?: string }[] = PLAN_CATALOG
      .map((p: { name: string }) => p.name)
      .filter((n: string) => !['refine_only', 'blackbox_refine_only', 'custom'].includes(n))
      .map((n: string) => ({ label: n, prompt: { plan: n } }));
    plans.push({ label: 'custom ab sequence', prompt: { plan: 'custom', stages: { sequence: AB_SEQUENCE } } });
    plans.push({
      label: 'blackbox with one-call cards',
      prompt: { plan: 'custom', stages: { sequence: ['preprompt.select_concepts', 'preprompt.filter_concepts', 'blackbox.prepare', 'blackbox.idea_cards_generate', 'blackbox.idea_cards_judge_score', 'blackbox.select_idea_card', 'blackbox.image_prompt_creation'] } },
    });
    // Full mode once: the title format and the offline image provider too.
    plans.push({ label: 'simple (full mode)', prompt: { plan: 'simple' }, mode: 'full' });
    const seen: Seen[] = [];
    const failures: string[] = [];
    for (const plan of plans) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-formats-'));
      fs.mkdirSync(path.join(dir, 'config'));
      fs.writeFileSync(path.join(dir, 'config', 'config.yaml'), stringify({ run: { mode: plan.mode ?? 'prompt_only' }, prompt: { random_seed: 11, ...plan.prompt } }));
      const { config } = loadAndParseConfig({ cwd: dir, env: {} });
      const result = await runGeneration(config, { updateIndex: false, mirrorToConsole: false, providers: { text: recording(seen) } });
      const err = result.error as { type?: string; message?: string } | null;
      if (result.status !== 'success') failures.push(`${plan.label}: ${err?.type}: ${err?.message}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const formatFailures = failures.filter((f) => /ResponseFormatError|violates format|invalid_(judge_output|idea_card)/.test(f));
    expect(formatFailures).toEqual([]);
    if (failures.length) console.warn(`non-format run failures (other areas):\n${failures.join('\n')}`);
    const invalid = seen.filter((s) => !s.valid);
    expect(invalid).toEqual([]);
    const names = [...new Set(seen.map((s) => `${s.kind}:${s.format}`))].sort();
    console.log(`declared formats answered offline: ${names.join(', ')}`);
    expect(seen.filter((s) => s.kind === 'json_schema').length).toBeGreaterThanOrEqual(3);
    expect(names).toContain('line_template:title');
  });
});
