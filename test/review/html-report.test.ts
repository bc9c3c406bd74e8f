import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunReport } from '../../src/review/report-build.js';
import { renderRunReportHtml } from '../../src/review/html/report-html.js';
import { F1_OPLOG, F3_STEPS, f1Transcript, readJson, runCli, tempDir, writeRun } from './helpers.js';

const base = { transcriptPath: '/x/t.json', oplogPath: '/x/o.log', missingTranscript: false, missingOplog: false, evolution: true, imageDirs: [] as string[], toolVersion: 't' };

describe('HTML report (review.md §4)', () => {
  it('parser-health banners: error at 0% coverage, warning at 80%', () => {
    const zero = buildRunReport({ ...base, cliId: 'z', transcript: f1Transcript(), oplogText: 'junk\n' });
    const h0 = renderRunReportHtml(zero, '/x', { evolutionDisabled: false });
    expect(h0).toContain('class="banner banner-error"');
    expect(h0).toContain('Oplog parsing failed');
    const lines = `${F1_OPLOG}junk\njunk\n`;
    const eighty = buildRunReport({ ...base, cliId: 'e', transcript: f1Transcript(), oplogText: lines.replace(/^.*Upscaling.*\n/m, '') });
    const h1 = renderRunReportHtml(eighty, '/x', { evolutionDisabled: false });
    expect(h1).toContain('class="banner banner-warn"');
    expect(h1).toContain('Oplog parsing degraded');
    expect(h1).toContain('coverage 80.0% (8/10) | events 8 | format pipe');
    const ok = buildRunReport({ ...base, cliId: 'ok', transcript: f1Transcript(), oplogText: F1_OPLOG });
    expect(renderRunReportHtml(ok, '/x', { evolutionDisabled: false })).not.toContain('class="banner');
  });

  it('anchors, sections and duplicate anchor detection', () => {
    const r = buildRunReport({ ...base, cliId: 'a', transcript: f1Transcript(), oplogText: F1_OPLOG });
    const html = renderRunReportHtml(r, '/x', { evolutionDisabled: false });
    for (const id of ['summary', 'issues', 'timeline', 'evolution', 'steps', 'side-effects', 'unknown-lines', 'step-0000-pipeline-s-consensus_1']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<title>run-review - run123</title>');
    expect(html).toContain('<h1>run-review: run123</h1>');
    expect(html).toContain('prompt 90, context 30, input 120, response 200 (oplog 240)');
    expect(html).toContain('Effective duration: 3.00 s');
    r.steps.push({ ...r.steps[0]!, issues: [] });
    expect(() => renderRunReportHtml(r, '/x', { evolutionDisabled: false })).toThrow('Duplicate step anchor IDs detected: step-0000-pipeline-s-consensus_1');
  });

  it('F3 via the CLI with an oplog: evolution sections in the HTML; an existing image shown through a relative URL', () => {
    const dir = tempDir('f3');
    const lines = F3_STEPS.flatMap((s, i) => [`2025-12-21 12:00:0${i},000 | INFO | Step: ${s.path}`, `2025-12-21 12:00:0${i},500 | INFO | Received response for ${s.path} (chars=${s.response.length})`]);
    writeRun(dir, 'f3', { oplog: `${lines.join('\n')}\n`, transcript: { generation_id: 'f3', context: { holiday: 'Christmas' }, steps: F3_STEPS, image_path: path.join(dir, 'img dir', 'f3 image.png') } });
    fs.mkdirSync(path.join(dir, 'img dir'));
    fs.writeFileSync(path.join(dir, 'img dir', 'f3 image.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const out = path.join(dir, 'out');
    const r = runCli(['--generation-id', 'f3', '--logs-dir', dir, '--output-dir', out, '--images-dir', dir], dir);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(path.join(out, 'f3_run_report.html'), 'utf8');
    for (const t of ['Evolution', 'Delta metrics', 'Critique provenance', 'Merge provenance', 'Term tracing', 'Sections analyzed: 1', 'id="evo-sec-pipeline-section"']) expect(html).toContain(t);
    expect(html).toContain('src="../img%20dir/f3%20image.png"');
    const rep = readJson(path.join(out, 'f3_run_report.json'));
    expect(rep.evolution.sections[0].ordering).toBe('oplog_start_ts');
    expect(rep.issues).toEqual([]);
    expect(rep.metadata.artifact_paths.image).toBe(path.join(dir, 'img dir', 'f3 image.png'));
  });
});
