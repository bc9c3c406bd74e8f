// Broken sources: every index file is still written, problems are listed under `warnings`, exit 1.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { append, runCli, tempDir, write, writeExperiment, MANIFEST_HEADER, runLine } from './helpers.js';

describe('index-artifacts with broken sources', () => {
  it('writes every index, lists each problem, exits 1', () => {
    const tmp = tempDir('warn');
    const root = path.join(tmp, '_artifacts');
    writeExperiment(root, '20260120_101500_good', { runsPerVariant: 2 });
    const goodLog = path.join(root, 'experiments', '20260120_101500_good', 'logs', 'runs_index.jsonl');
    // a corrupt line in the middle and a torn (unterminated) last line
    append(goodLog, '{not json}\n');
    append(goodLog, runLine({ gid: 'Z9_extra', status: 'success', expId: 'x', variant: 'Z', logDir: '/elsewhere' }));
    append(goodLog, '[1, 2]\n');
    append(goodLog, '{"generation_id": "torn');
    // a plan that is not JSON
    write(path.join(root, 'experiments', '20260121_000000_broken', 'experiment_plan.json'), '{"schema_version": 1, "planned_runs": [');
    // a manifest without generation_id column
    write(path.join(root, 'generated', 'titles_manifest.csv'), 'seq,title,image_path\r\n1,T,/x.jpg\r\n');
    // a manifest in another file repeating an id of the good experiment
    write(path.join(root, 'other', 'titles_manifest.csv'), `${MANIFEST_HEADER}1,Again,A1_20260120_101500_good,p,/y.jpg,2026-01-21T00:00:00Z,m,s,q,,llm,Again\r\n`);
    // a legacy generations.csv
    write(path.join(root, 'prompt_files', 'generations.csv'), 'ID,Description Prompt,Image Path\r\n1,old,/z.jpg\r\n');

    const res = runCli(['index-artifacts', '--artifacts-root', root], tmp);
    expect(res.status).toBe(1);
    for (const f of ['experiments_index.json', 'experiment_registry.csv', 'run_registry.csv', 'image_registry.csv', 'artifacts.sqlite']) {
      expect(existsSync(path.join(root, 'index', f)), f).toBe(true);
    }
    expect(res.stderr.startsWith('index-artifacts warnings:\n')).toBe(true);
    const printed = JSON.parse(res.stderr.slice('index-artifacts warnings:\n'.length));
    const index = JSON.parse(readFileSync(path.join(root, 'index', 'experiments_index.json'), 'utf8'));
    const w = index.warnings;
    expect(Object.keys(w)).toEqual([
      'experiment_plan_errors', 'runs_index_errors', 'titles_manifest_errors', 'titles_manifest_duplicate_generation_ids', 'generation_csv_errors',
    ]);
    const rel = 'experiments/20260120_101500_good/logs/runs_index.jsonl';
    expect(w.runs_index_errors).toHaveLength(3);
    expect(w.runs_index_errors[0]).toMatch(new RegExp(`^${rel}:5: SyntaxError: `));
    expect(w.runs_index_errors[1]).toBe(`${rel}:7: expected JSON object`);
    expect(w.runs_index_errors[2]).toMatch(new RegExp(`^${rel}:8: SyntaxError: `));
    expect(w.experiment_plan_errors).toHaveLength(1);
    expect(w.experiment_plan_errors[0]).toMatch(/^experiments\/20260121_000000_broken\/experiment_plan\.json: SyntaxError: /);
    expect(w.titles_manifest_errors).toEqual(["Missing required column 'generation_id' in generated/titles_manifest.csv"]);
    expect(w.titles_manifest_duplicate_generation_ids).toEqual(['A1_20260120_101500_good']);
    expect(w.generation_csv_errors).toEqual([
      'prompt_files/generations.csv: legacy or unsupported generations CSV is not indexed; missing columns=[generation_id, selected_concepts, final_image_prompt, created_at, seed] header=[ID, Description Prompt, Image Path]. Expected v2 columns: [generation_id, selected_concepts, final_image_prompt, image_path, created_at, seed]. Convert it to these columns or move it out of the artifacts root.',
    ]);
    expect(printed).toEqual(w);
    // The good data is still indexed: 4 planned runs + the extra line's run; the broken experiment is skipped.
    expect(index.counts).toMatchObject({ experiments: 1, experiment_runs_planned: 4, run_index_entries: 5, manifest_files: 2, generation_csv_files: 1 });
    // Latest manifest row wins (the other file comes later in scan order).
    const runs = readFileSync(path.join(root, 'index', 'run_registry.csv'), 'utf8');
    expect(runs).toContain('Again');
    // Counts and registries still go to stdout.
    expect(JSON.parse(res.stdout.split(/\n(?=\{)/)[0]!).experiments).toBe(1);
  });

  it('a missing root is a usage error (exit 2, one line)', () => {
    const tmp = tempDir('noroot');
    const res = runCli(['index-artifacts', '--artifacts-root', 'nope'], tmp);
    expect(res.status).toBe(2);
    expect(res.stderr).toBe(`index-artifacts: artifacts root not found: ${path.join(tmp, 'nope')}\n`);
  });

  it('an unusable output dir is a usage error (exit 2)', () => {
    const tmp = tempDir('badout');
    const root = path.join(tmp, '_artifacts');
    writeExperiment(root, '20260120_101500_x', { runsPerVariant: 1 });
    write(path.join(tmp, 'afile'), 'x');
    const res = runCli(['index-artifacts', '--artifacts-root', root, '--output-dir', path.join(tmp, 'afile', 'sub')], tmp);
    expect(res.status).toBe(2);
    expect(res.stderr.split('\n')).toHaveLength(2);
    expect(res.stderr).toMatch(/^index-artifacts: cannot write the index to /);
  });

  it('an empty root gives empty registries with headers and exit 0', () => {
    const tmp = tempDir('empty');
    write(path.join(tmp, 'package.json'), '{}'); // marks the workspace root (README decision 11)
    const root = path.join(tmp, '_artifacts');
    write(path.join(root, 'logs', 'runs_index.jsonl'), '');
    const res = runCli(['index-artifacts'], path.join(root, 'logs'));
    expect(res.status, res.stderr).toBe(0);
    expect(readFileSync(path.join(root, 'index', 'run_registry.csv'), 'utf8')).toMatch(/^generation_id,created_at,seed,.*final_image_prompt\r\n$/);
  });
});
