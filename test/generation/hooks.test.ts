/** Post-run hooks: run-review auto-report, index refresh failure, rclone upload, experiment labels. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runGeneration } from '../../src/generation/run-generation.js';
import { uploadWithRclone } from '../../src/generation/rclone-upload.js';
import { artifactsStoreRoot } from '../../src/generation/store-root.js';
import { doubleSide, workspace, readIndex, readJson, oplogLines, tempDir } from './helpers.js';

describe('run hooks', () => {
  it('run_review.enabled writes the JSON + HTML report and records them in the runs_index line', async () => {
    const { cfg } = workspace('review', { run_review: { enabled: true }, run: { mode: 'prompt_only' }, prompt: { random_seed: 3 },
      experiment: { id: 'exp1', variant: 'A', tags: ['ab'] } });
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide() });
    expect(res.status).toBe('success');
    const json = path.join(cfg.run_review.review_path!, `${res.generationId}_run_report.json`);
    const html = path.join(cfg.run_review.review_path!, `${res.generationId}_run_report.html`);
    expect(fs.existsSync(json)).toBe(true);
    expect(fs.existsSync(html)).toBe(true);
    const [line] = readIndex(cfg.image.log_path);
    expect(line!.artifacts).toMatchObject({ run_report_json: json, run_report_html: html });
    expect(line!.experiment).toEqual({ id: 'exp1', variant: 'A', notes: null, tags: ['ab'] });
    const lines = oplogLines(res.oplogPath!);
    expect(lines).toContain(`INFO | Wrote run_review report to ${json}`);
    expect(lines).toContain(`INFO | Wrote run_review report to ${html}`);
    expect(lines).toContain('INFO | Experiment: id=exp1 variant=A');
    expect(readJson(path.join(cfg.image.log_path, `${res.generationId}_transcript.json`)).experiment).toEqual({ id: 'exp1', variant: 'A', notes: null, tags: ['ab'] });
  });

  it('a failing report or index refresh is logged and never changes the status', async () => {
    const { cfg } = workspace('hookfail', { run_review: { enabled: true }, run: { mode: 'prompt_only' } });
    const res = await runGeneration(cfg, {
      updateIndex: true, mirrorToConsole: false, promptSide: doubleSide(),
      hooks: { runReport: async () => { throw new Error('renderer exploded'); }, indexRefresh: async () => { throw new Error('db locked'); } },
    });
    expect(res.status).toBe('success');
    expect(readIndex(cfg.image.log_path)[0]).toMatchObject({ status: 'success', run_review_error: 'renderer exploded' });
    const lines = oplogLines(res.oplogPath!);
    expect(lines).toContain('ERROR | run_review failed: renderer exploded');
    expect(lines).toContain('WARNING | Artifacts index update failed: db locked');
  });

  it('the index store root follows §9.2', () => {
    expect(artifactsStoreRoot('/w/_Artifacts/experiments/x/logs')).toBe('/w/_Artifacts');
    expect(artifactsStoreRoot('/w/out/logs')).toBe('/w/out');
    expect(artifactsStoreRoot('/w/out/runlogs')).toBe('/w/out/runlogs');
  });

  it('rclone upload: argument vector, success, non-zero exit and missing binary never throw', async () => {
    const dir = tempDir('rclone');
    const argsFile = path.join(dir, 'args.txt');
    const ok = path.join(dir, 'rclone-ok');
    fs.writeFileSync(ok, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit 0\n`, { mode: 0o755 });
    const bad = path.join(dir, 'rclone-bad');
    fs.writeFileSync(bad, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const img = path.join(dir, 'my image.jpg');
    fs.writeFileSync(img, 'x');
    const lines: string[] = [];
    const log = (l: string, m: string) => lines.push(`${l} ${m}`);
    expect(await uploadWithRclone(img, { remote: 'gphotos', album: 'Art', binary: ok }, log)).toBe(true);
    expect(fs.readFileSync(argsFile, 'utf8')).toBe(`copy\n${img}\ngphotos:album/Art\n`);
    expect(lines).toEqual([`INFO Uploading ${img} to gphotos:album/Art via rclone`, 'INFO Uploaded image via rclone to gphotos:album/Art']);
    lines.length = 0;
    expect(await uploadWithRclone(img, { remote: 'g', album: 'A', binary: bad }, log)).toBe(false);
    expect(lines.slice(1)).toEqual(['ERROR Upload failed (rclone exit=3). Continuing.', `ERROR Rclone upload failed; image remains at ${img}`]);
    lines.length = 0;
    expect(await uploadWithRclone(img, { remote: 'g', album: 'A', binary: path.join(dir, 'absent') }, log)).toBe(false);
    expect(lines[1]).toMatch(/^ERROR Upload skipped: rclone not found \(.*ENOENT.*\)\.$/);
  });

  it('a full run with rclone.enabled uploads the final image and still succeeds when the upload fails', async () => {
    const { cfg } = workspace('rclone-run', { rclone: { enabled: true, remote: 'r', album: 'a' }, prompt: { random_seed: 1 } });
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide(), hooks: { rcloneBinary: '/nonexistent/rclone' } });
    expect(res.status).toBe('success');
    const lines = oplogLines(res.oplogPath!);
    expect(lines).toContain(`INFO | Uploading ${res.imagePath} to r:album/a via rclone`);
    expect(lines).toContain(`ERROR | Rclone upload failed; image remains at ${res.imagePath}`);
  });

  it('a generations_v2.csv with another header fails in records, keeping image and manifest row', async () => {
    const { cfg } = workspace('hdr', { prompt: { random_seed: 1 } });
    fs.mkdirSync(cfg.image.log_path, { recursive: true });
    const csv = path.join(cfg.image.log_path, 'generations_v2.csv');
    fs.writeFileSync(csv, '\uFEFFgeneration_id,prompt\r\n');
    const res = await runGeneration(cfg, { updateIndex: false, mirrorToConsole: false, promptSide: doubleSide() });
    expect(res.error).toEqual({ type: 'IOError', phase: 'records',
      message: `Existing CSV header does not match expected schema at ${csv}. expected=[generation_id, selected_concepts, final_image_prompt, image_path, created_at, seed] actual=[generation_id, prompt]` });
    expect(fs.existsSync(res.imagePath!)).toBe(true);
    expect(fs.readFileSync(cfg.prompt.titles_manifest_path!, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(readIndex(cfg.image.log_path)[0]!.artifacts).toMatchObject({ image: res.imagePath });
  });
});
