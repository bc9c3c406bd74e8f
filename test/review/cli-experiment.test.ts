import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReview } from '../../src/review/run-review.js';
import { copyFixture, F1_OPLOG, f1Transcript, FULL_EXP, readJson, runCli, tempDir, writeRun } from './helpers.js';

const silent = { out: () => undefined, err: () => undefined };

function unitExperiment(pairs: unknown, runs: Record<string, { oplog?: string | null; transcript?: unknown }>): string {
  const dir = tempDir('exp');
  fs.writeFileSync(path.join(dir, 'pairs.json'), typeof pairs === 'string' ? pairs : JSON.stringify(pairs));
  for (const [id, r] of Object.entries(runs)) writeRun(path.join(dir, 'logs'), id, r);
  return dir;
}

const run = (id: string, extra: Record<string, unknown> = {}) => ({ oplog: F1_OPLOG.replace(/run123/g, id), transcript: f1Transcript({ generation_id: id, ...extra }) });

describe('run-review --compare-experiment (review.md §6)', () => {
  it('older tool full-mode experiment, --all: pair pages, summary.json, index.html with images', () => {
    const art = copyFixture();
    const exp = path.join(art, FULL_EXP);
    const out = path.join(art, '..', 'review-out');
    const r = runCli(['--compare-experiment', exp, '--all', '--output-dir', out], art);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = readJson(path.join(out, 'summary.json'));
    expect(summary).toMatchObject({ schema_version: 1, kind: 'experiment_compare_summary', experiment_id: 'ab_refinement_block_20260121_093000', logs_dir: 'logs', counts: { total: 2, success: 2, failed: 0 } });
    expect(summary.variants.A).toMatchObject({ label: 'A', names: ['A_no_refinement_block'], runs: 2, succeeded: 2, success_rate: 1 });
    for (const res of summary.results) {
      expect(fs.existsSync(path.join(out, res.html))).toBe(true);
      expect(fs.existsSync(path.join(out, res.json))).toBe(true);
      expect(res.a.image).toMatch(/^\.\.\/_artifacts\/experiments\/20260121_093000_ab_refinement_block\/generated\/A\d_.*_image\.jpg$/);
      expect(res.a.final_prompt).toContain('sunset');
    }
    const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('<title>Experiment compare - ab_refinement_block_20260121_093000</title>');
    expect(index).toContain('Pairs: 2 | compared: 2 | failed: 0');
    expect((index.match(/<img /g) ?? []).length).toBe(4);
    expect(index).toContain('id="pair-1"');
    expect(r.stdout).toMatch(/run-review: run_index=1 A=A1_\S+ B=B1_\S+ OK -> A1_\S+_vs_B1_\S+_run_compare\.html/);
  });

  it('a pair with a missing transcript fails alone; the others are written; exit 1', async () => {
    const dir = unitExperiment(
      { schema_version: 1, experiment_id: 'exp_unit', pairs: [2, 1, 3].map((i) => ({ run_index: i, a_generation_id: `A${i}_unit`, b_generation_id: `B${i}_unit` })) },
      { A1_unit: run('A1_unit'), B1_unit: run('B1_unit'), A2_unit: run('A2_unit'), B2_unit: { oplog: F1_OPLOG }, A3_unit: run('A3_unit'), B3_unit: run('B3_unit') },
    );
    const out = path.join(dir, 'out');
    const r = runCli(['--compare-experiment', dir, '--all', '--output-dir', out], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`run-review: run_index=2 A=A2_unit B=B2_unit FAILED (missing artifacts in logs_dir=${path.join(dir, 'logs')}: B2_unit_transcript.json)`);
    const summary = readJson(path.join(out, 'summary.json'));
    expect(summary.counts).toEqual({ total: 3, success: 2, failed: 1 });
    expect(summary.results.map((x: any) => [x.run_index, x.status])).toEqual([[1, 'success'], [2, 'error'], [3, 'success']]);
    expect(summary.results[1].error).toMatch(/^missing artifacts in logs_dir=/);
    expect(summary.results[1].a).not.toBeNull();
    expect(fs.existsSync(path.join(out, 'A1_unit_vs_B1_unit_run_compare.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'A3_unit_vs_B3_unit_run_compare.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'A2_unit_vs_B2_unit_run_compare.html'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('FAILED (missing artifacts in logs_dir=');
    const one = runCli(['--compare-experiment', dir, '--pair', '3', '--output-dir', path.join(dir, 'one')], dir);
    expect(one.code).toBe(0);
    expect(readJson(path.join(dir, 'one', 'summary.json')).selected).toEqual({ all: false, run_index: 3 });
    await expect(runReview({ compareExperiment: dir, pair: '9', outputDir: path.join(dir, 'x') }, silent)).rejects.toThrow('pairs.json contains no pair with run_index=9 (available: 1, 2, 3)');
  });

  it('analysis results: pass rates, failing codes, variant table', () => {
    const dir = unitExperiment(
      { schema_version: 1, experiment_id: 'exp_unit', pairs: [{ run_index: 1, a_generation_id: 'A1_unit', b_generation_id: 'B1_unit', metadata: null, b_error: { type: 'RuntimeError', message: 'boom' } }] },
      { A1_unit: run('A1_unit', { experiment: { variant: 'A_v' } }), B1_unit: run('B1_unit') },
    );
    fs.writeFileSync(path.join(dir, 'experiment_results.json'), JSON.stringify({
      schema_version: 1, kind: 'experiment_results',
      results: [
        { generation_id: 'A1_unit', status: 'success', variant_name: 'va', analysis: { final_prompt: { ok: true }, note: { words: 3 } } },
        { generation_id: 'B1_unit', status: 'success', variant_name: 'vb', analysis: { final_prompt: { ok: false, issues: [{ code: 'final_prompt_ar_mismatch' }] } } },
      ],
    }));
    const out = path.join(dir, 'out');
    const r = runCli(['--compare-experiment', dir, '--all', '--output-dir', out], dir);
    expect(r.code).toBe(0);
    const s = readJson(path.join(out, 'summary.json'));
    expect(s.counts).toEqual({ total: 1, success: 1, failed: 0 });
    expect(s.variants.A).toMatchObject({ names: ['A_v'], analysis_runs: 1, analysis_passed: 1, analysis_pass_rate: 1 });
    expect(s.variants.B).toMatchObject({ names: ['vb'], analysis_runs: 1, analysis_passed: 0, analysis_pass_rate: 0, succeeded: 0 });
    expect(s.results[0].b).toMatchObject({ status: 'error', error: 'RuntimeError: boom', analysis_ok: false });
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('final_prompt: fail');
    expect(html).toContain('final_prompt_ar_mismatch');
    expect(html).toContain('final_prompt: pass');
    expect(html).toContain('id="variants"');
    expect(html).toContain('href="A1_unit_vs_B1_unit_run_compare.html"');
  });

  it('each pairs.json violation exits 2 with its message', async () => {
    const cases: [unknown, string][] = [
      ['{', 'Invalid JSON in '],
      ['[]', 'pairs.json must contain a JSON object at the top level'],
      [{ schema_version: 2, pairs: [] }, 'Unsupported pairs.json schema_version: 2 (expected 1)'],
      [{ schema_version: 1 }, 'pairs.json missing required key: pairs (expected list)'],
      [{ schema_version: 1, pairs: [1] }, 'pairs[0] must be an object'],
      [{ schema_version: 1, pairs: [{ run_index: 0 }] }, 'pairs[0].run_index must be an int >= 1'],
      [{ schema_version: 1, pairs: [{ run_index: 1, a_generation_id: 'a', b_generation_id: 'b' }, { run_index: 1 }] }, 'pairs[1].run_index duplicates run_index 1'],
      [{ schema_version: 1, pairs: [{ run_index: 1, a_generation_id: ' ', b_generation_id: 'b' }] }, 'pairs[0].a_generation_id must be a non-empty string'],
      [{ schema_version: 1, pairs: [{ run_index: 1, a_generation_id: 'a', b_generation_id: 'b', metadata: [] }] }, 'pairs[0].metadata must be an object if set'],
      [{ schema_version: 1, pairs: [] }, 'pairs.json contains no pair with run_index=1 (available: <none>)'],
    ];
    for (const [doc, msg] of cases) {
      const dir = unitExperiment(doc, {});
      await expect(runReview({ compareExperiment: dir, pair: '1', outputDir: path.join(dir, 'o') }, silent), msg).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(msg) });
    }
    const empty = tempDir('nopairs');
    const r = runCli(['--compare-experiment', empty, '--all', '--output-dir', path.join(empty, 'o')], empty);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`run-review: error: Missing pairs manifest: ${path.join(empty, 'pairs.json')}. Run the A/B experiment runner to generate ${empty}/pairs.json.\n`);
  });
});
