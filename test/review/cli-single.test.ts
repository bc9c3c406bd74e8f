import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReview } from '../../src/review/run-review.js';
import { copyFixture, F1_OPLOG, f1Transcript, PROMPT_ONLY_EXP, readJson, runCli, tempDir, writeRun } from './helpers.js';

const quietIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('run-review single mode and validation (CLI)', () => {
  it('explicit --oplog/--transcript writes JSON + HTML into a created --output-dir (exit 0), byte-identical twice', () => {
    const dir = tempDir('single');
    writeRun(dir, 'run123', { oplog: F1_OPLOG, transcript: f1Transcript() });
    const out = path.join(dir, 'deep', 'out');
    const args = ['--generation-id', 'run123', '--oplog', path.join(dir, 'run123_oplog.log'), '--transcript', path.join(dir, 'run123_transcript.json'), '--output-dir', out, '--images-dir', dir];
    const r = runCli(args, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run-review: generation_id=run123 oplog_format=pipe oplog_coverage=100.0% (9/9) oplog_events=9 unknown_lines=0 oplog_parse_failed=false');
    expect(r.stdout).toContain(`run-review: wrote ${path.join(out, 'run123_run_report.json')}`);
    const json1 = fs.readFileSync(path.join(out, 'run123_run_report.json'));
    const html1 = fs.readFileSync(path.join(out, 'run123_run_report.html'));
    expect(JSON.parse(json1.toString()).kind).toBe('run_report');
    expect(json1.toString().endsWith('}\n')).toBe(true);
    expect(html1.toString()).toContain('<title>run-review - run123</title>');
    expect(runCli(args, dir).code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'run123_run_report.json')).equals(json1)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'run123_run_report.html')).equals(html1)).toBe(true);
  });

  it('older tool fixture: --generation-id with --logs-dir reviews with 100% coverage and no unknown lines', () => {
    const art = copyFixture();
    const logs = path.join(art, PROMPT_ONLY_EXP, 'logs');
    const id = 'A1_20261126_114804_a9248b7d-3c95-4c0d-aa72-5f5069d09f8a';
    const out = path.join(art, '..', 'out');
    const r = runCli(['--generation-id', id, '--logs-dir', logs, '--output-dir', out, '--no-evolution'], art);
    expect(r.code).toBe(0);
    const rep = readJson(path.join(out, `${id}_run_report.json`));
    expect(rep.unknown_events).toEqual([]);
    expect(rep.metadata.oplog_stats).toMatchObject({ coverage: 1, detected_format: 'pipe', unknown_event_count: 0 });
    expect(rep.evolution).toBeNull();
    expect(rep.steps.map((s: any) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(rep.issues).toEqual([]);
    expect(rep.metadata.final_prompt_source).toBe('transcript');
    expect(rep.side_effects.some((s: any) => s.type === 'run_index_append' && s.data.status === 'success')).toBe(true);
    expect(fs.readFileSync(path.join(out, `${id}_run_report.html`), 'utf8')).toContain('Evolution analysis disabled (--no-evolution).');
  });

  it('--config-path picks the newest complete run in image.log_path; --best-effort accepts a newer transcript-only run', () => {
    const ws = tempDir('ws');
    const logs = path.join(ws, 'mylogs');
    writeRun(logs, 'old', { oplog: F1_OPLOG, transcript: f1Transcript({ generation_id: 'old' }) });
    writeRun(logs, 'newer', { transcript: f1Transcript({ generation_id: 'newer' }) });
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(logs, 'old_oplog.log'), past, past);
    fs.utimesSync(path.join(logs, 'old_transcript.json'), past, past);
    const cfg = path.join(ws, 'c.yaml');
    fs.writeFileSync(cfg, `image:\n  log_path: ${logs}\n`);
    const r = runCli(['--config-path', cfg, '--output-dir', path.join(ws, 'o1')], ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run-review: no run selected; defaulting to --most-recent');
    expect(r.stdout).toContain(`run-review: using config ${cfg}`);
    expect(r.stdout).toContain(`run-review: logs dir ${logs} (from image.log_path)`);
    expect(r.stdout).toContain('run-review: selected most recent generation_id=old (basis=old_');
    const r2 = runCli(['--config-path', cfg, '--most-recent', '--best-effort', '--output-dir', path.join(ws, 'o2')], ws);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('selected most recent generation_id=newer (basis=newer_transcript.json)');
    expect(r2.stdout).toContain('run-review: generation_id=newer\n');
    const rep = readJson(path.join(ws, 'o2', 'newer_run_report.json'));
    expect(rep.issues[0]).toMatchObject({ code: 'missing_oplog', message: 'Oplog missing' });
  });

  it('missing inputs: one-line messages, exit 2; explicit missing path fails even with --best-effort', () => {
    const dir = tempDir('missing');
    writeRun(dir, 'only', { transcript: f1Transcript({ generation_id: 'only' }) });
    const r1 = runCli(['--generation-id', 'only', '--logs-dir', dir, '--output-dir', dir], dir);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toBe(`run-review: error: Could not find oplog for only in ${dir} (expected only_oplog.log; use --best-effort to continue without it)\n`);
    const r2 = runCli(['--oplog', path.join(dir, 'nope_oplog.log'), '--transcript', path.join(dir, 'only_transcript.json'), '--best-effort'], dir);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe(`run-review: error: Oplog file not found: ${path.join(dir, 'nope_oplog.log')}\n`);
    const r3 = runCli(['--transcript', path.join(dir, 'only_transcript.json')], dir);
    expect(r3.stderr).toBe('run-review: error: Missing --oplog (set --best-effort to continue)\n');
    const r4 = runCli(['--transcript', path.join(dir, 'only_transcript.json'), '--best-effort', '--output-dir', path.join(dir, 'o')], dir);
    expect(r4.code).toBe(0);
    expect(readJson(path.join(dir, 'o', 'only_run_report.json')).issues[0].code).toBe('missing_oplog');
    const r5 = runCli(['--most-recent', '--logs-dir', path.join(dir, 'absent')], dir);
    expect(r5.stderr).toBe(`run-review: error: logs dir does not exist: ${path.join(dir, 'absent')}\n`);
    const r6 = runCli(['--most-recent', '--logs-dir', dir], dir);
    expect(r6.stderr).toBe(`run-review: error: No runs found with both oplog+transcript in ${dir}\n`);
    fs.writeFileSync(path.join(dir, 'bad_transcript.json'), '[1]');
    fs.writeFileSync(path.join(dir, 'bad_oplog.log'), '');
    const r7 = runCli(['--generation-id', 'bad', '--logs-dir', dir, '--output-dir', dir], dir);
    expect(r7.code).toBe(1);
    expect(r7.stderr).toBe(`run-review: error: Invalid transcript (expected a JSON object): ${path.join(dir, 'bad_transcript.json')}\n`);
  });

  it('each exclusion exits 2 with its message and writes nothing', async () => {
    const dir = tempDir('excl');
    const out = path.join(dir, 'never');
    const cases: [Record<string, unknown>, string][] = [
      [{ mostRecent: true, compare: ['a', 'b'] }, '--most-recent cannot be combined with --compare'],
      [{ compare: ['a', 'b'], oplog: 'x' }, '--compare cannot be combined with --oplog/--transcript'],
      [{ compare: ['a', 'b'], generationId: 'x' }, '--compare cannot be combined with --generation-id'],
      [{ compare: ['a', 'b'], compareExperiment: 'd' }, '--compare cannot be combined with --compare-experiment'],
      [{ mostRecent: true, compareExperiment: 'd' }, '--most-recent cannot be combined with --compare-experiment'],
      [{ compareExperiment: 'd', transcript: 't' }, '--compare-experiment cannot be combined with --generation-id or --oplog/--transcript'],
      [{ mostRecent: true, generationId: 'x' }, '--most-recent cannot be combined with --generation-id or --oplog/--transcript'],
      [{ all: true }, '--pair/--all require --compare-experiment'],
      [{ compareExperiment: 'd' }, '--compare-experiment requires --all or --pair N'],
      [{ compareExperiment: 'd', all: true, pair: '1' }, 'use either --all or --pair N, not both'],
      [{ compareExperiment: 'd', pair: '0' }, '--pair must be an integer >= 1'],
      [{ compareExperiment: 'd', pair: 'x' }, '--pair must be an integer >= 1'],
      [{ evolutionThresholds: '{"max_term_index": 0}', mostRecent: true, compare: ['a', 'b'] }, "Invalid evolution threshold 'max_term_index': must be > 0"],
    ];
    for (const [opts, msg] of cases) {
      const { io } = quietIo();
      await expect(runReview({ ...opts, outputDir: out, cwd: dir }, io), msg).rejects.toMatchObject({ message: msg, exitCode: 2 });
    }
    expect(fs.existsSync(out)).toBe(false);
    fs.writeFileSync(path.join(dir, 'afile'), '');
    await expect(runReview({ outputDir: path.join(dir, 'afile', 'sub'), cwd: dir }, quietIo().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^cannot create --output-dir .*afile\/sub: /) });
    await expect(runReview({ generationId: '../x', logsDir: dir, imagesDir: [dir], outputDir: path.join(dir, 'idcheck'), cwd: dir }, quietIo().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^Invalid generation id '\.\.\/x'/) });
    const r = runCli(['--compare', 'a', 'b', '--most-recent', '--output-dir', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('run-review: error: --most-recent cannot be combined with --compare\n');
    const r2 = runCli(['--evolution-thresholds', '{"bogus": 1}'], dir);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/^run-review: error: Unknown evolution threshold key 'bogus'\. Known keys: .*\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('--compare A B writes the comparison with both ids, images side by side', () => {
    const dir = tempDir('cmp');
    writeRun(dir, 'ra', { oplog: F1_OPLOG, transcript: f1Transcript({ generation_id: 'ra', final_image_prompt: 'a snowy village at dusk' }) });
    writeRun(dir, 'rb', { oplog: F1_OPLOG.replace(/run123/g, 'rb'), transcript: f1Transcript({ generation_id: 'rb', final_image_prompt: 'a quiet village at night' }) });
    fs.copyFileSync(path.join(copyFixture(), 'experiments/20260121_093000_ab_refinement_block/generated/A1_20261126_114804_31f4ce88-1947-4fb0-97e7-91decfdfec8b_image.jpg'), path.join(dir, 'ra_image.jpg'));
    const r = runCli(['--compare', 'ra', 'rb', '--logs-dir', dir, '--images-dir', dir, '--output-dir', path.join(dir, 'o')], dir);
    expect(r.code).toBe(0);
    const j = readJson(path.join(dir, 'o', 'ra_vs_rb_run_compare.json'));
    expect(j.final_prompt.diff).toHaveLength(6);
    expect(j.images).toEqual({ a: path.join(dir, 'ra_image.jpg'), b: null });
    const html = fs.readFileSync(path.join(dir, 'o', 'ra_vs_rb_run_compare.html'), 'utf8');
    expect(html).toContain('<title>run-review compare - ra vs rb</title>');
    expect(html).toContain('src="../ra_image.jpg"');
    expect(html).toContain('no image');
    expect(html).toContain('<del>snowy</del>');
  });
});
