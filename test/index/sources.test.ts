// Source parsing and precedence rules (index.md §3) on small in-memory inputs.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parsePlanBytes } from '../../src/index/parse-plan.js';
import { parseGenerationsBytes, parseManifestBytes, normalizeHeaderName } from '../../src/index/parse-csv-sources.js';
import { parseRunsIndexBytes } from '../../src/index/parse-runs-index.js';
import { PathMapper } from '../../src/index/paths.js';
import { compareCodePoints } from '../../src/index/values.js';
import { storeRootForLogPath, storeRootForOutputRoot } from '../../src/index/refresh.js';
import type { GenerationRow, ManifestRow, PlanRecord } from '../../src/index/types.js';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('experiment plans', () => {
  it('reads legacy set/set_name, top-level base_seed, files without kind, id-derived variant keys', () => {
    const legacy = parsePlanBytes(buf(JSON.stringify({
      base_seed: 55,
      planned_runs: [
        { set: 'A', set_name: 'old_a', run: 1, generation_id: 'A1_x', seed: 55 },
        { run: 1, generation_id: 'C1_x', seed: 55 },
        { set: 'B', generation_id: '' },
        'not an object',
      ],
    })), 'experiments/e/experiment_plan.json');
    expect(legacy.accepted).toBe(true);
    const plan = legacy.records[0] as PlanRecord;
    expect(plan.base_seed).toBe(55);
    expect(plan.planned.map((p) => [p.variant_key, p.variant_name, p.run])).toEqual([['A', 'old_a', 1], ['C', null, 1]]);
    const current = parsePlanBytes(buf(JSON.stringify({ kind: 'experiment_plan', base_seed: 1, experiment_meta: { base_seed: 2 }, planned_runs: [] })), 'p');
    expect((current.records[0] as PlanRecord).base_seed).toBe(2);
  });

  it('non-JSON and non-object plans are warnings; empty plans are silently empty', () => {
    expect(parsePlanBytes(buf('{'), 'x/experiment_plan.json').warnings[0]).toMatch(/^x\/experiment_plan\.json: SyntaxError: /);
    expect(parsePlanBytes(buf('[1]'), 'x/p.json').warnings).toEqual(['x/p.json: TypeError: expected a JSON object']);
    expect(parsePlanBytes(buf(''), 'x/p.json')).toMatchObject({ accepted: false, warnings: [] });
  });
});

describe('titles manifests', () => {
  it('keeps the listed columns, tolerates a BOM, parses seq/seed as integers or null', () => {
    const text = '\uFEFFseq,title,generation_id,image_prompt,image_path,created_at,model,size,quality,seed\r\n' +
      '7,T,g1,"multi\nline",/i.jpg,2026-01-01T00:00:00Z,m,s,q,img-seed\r\nx,,g2,,,,,,,42\r\n,,,,,,,,,\r\n';
    const parsed = parseManifestBytes(buf(text), 'm.csv');
    const rows = parsed.records as ManifestRow[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ generation_id: 'g1', seq: 7, title: 'T', image_path: '/i.jpg', created_at: '2026-01-01T00:00:00Z', model: 'm', size: 's', quality: 'q', seed: null });
    expect(rows[1]).toMatchObject({ seq: null, title: null, seed: 42 });
  });

  it('drops a torn last record without a warning', () => {
    const parsed = parseManifestBytes(buf('seq,title,generation_id\r\n1,A,g1\r\n2,B,g'), 'm.csv');
    expect(parsed.records.map((r) => (r as ManifestRow).generation_id)).toEqual(['g1']);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('generations CSVs', () => {
  it('normalises header names', () => {
    expect(normalizeHeaderName(' Generation ID ')).toBe('generation_id');
    expect(normalizeHeaderName('Final-Image--Prompt')).toBe('final_image_prompt');
  });

  it('reads v2 files with differently spelled headers', () => {
    const text = 'Generation ID,Selected Concepts,Final Image Prompt,Image Path,Created At,Seed\r\ng1,"[""a""]",p,/i,2026,12\r\n';
    const rows = parseGenerationsBytes(buf(text), 'g.csv').records as GenerationRow[];
    expect(rows).toEqual([{ generation_id: 'g1', selected_concepts: '["a"]', final_image_prompt: 'p', image_path: '/i', created_at: '2026', seed: 12 }]);
  });
});

describe('runs_index lines', () => {
  it('ignores lines without an id, numbers lines from the given start, keeps the torn tail apart', () => {
    const text = '{"generation_id": ""}\n\n{"generation_id": "g1", "status": "success", "experiment": {"tags": ["a", 1]}}\n{"x"';
    const p = parseRunsIndexBytes(buf(text), 'r.jsonl', 0, 10);
    expect(p.records).toHaveLength(1);
    expect(p.warnings).toEqual([]);
    expect(p.tailWarning).toMatch(/^r\.jsonl:13: SyntaxError/);
    expect(p.completeLines).toBe(12);
    expect(p.completeBytes).toBe(Buffer.byteLength(text) - 4);
  });
});

describe('paths', () => {
  it('relative inside the root, remapped from a plan-recorded former root, absolute elsewhere', () => {
    const root = path.join('/data', 'store', '_artifacts');
    const m = new PathMapper(root);
    m.addExperimentHint('/home/artist/proj/_artifacts/experiments/e1', 'experiments/e1');
    expect(m.rel(path.join(root, 'logs', 'a.json'))).toBe('logs/a.json');
    expect(m.rel('/home/artist/proj/_artifacts/reviews/r.json')).toBe('reviews/r.json');
    expect(m.rel('/elsewhere/x.jpg')).toBe('/elsewhere/x.jpg');
    expect(m.rel('relative/x')).toBe('relative/x');
    expect(m.rel(null)).toBeNull();
    const m2 = new PathMapper(root);
    m2.addExperimentHint('/old/renamed_dir', 'experiments/e2');
    expect(m2.rel('/old/renamed_dir/logs/t.json')).toBe('experiments/e2/logs/t.json');
  });

  it('code-point order puts astral characters after every BMP character', () => {
    expect(['\u{1F600}', '\uFFFD', 'a'].sort(compareCodePoints)).toEqual(['a', '\uFFFD', '\u{1F600}']);
  });
});

describe('store roots for the refresh hooks', () => {
  it('generate: nearest _artifacts ancestor, else parent of logs/, else the log dir', () => {
    expect(storeRootForLogPath('/w/_Artifacts/experiments/x/logs')).toBe('/w/_Artifacts');
    expect(storeRootForLogPath('/w/out/logs')).toBe('/w/out');
    expect(storeRootForLogPath('/w/out/mylogs')).toBe('/w/out/mylogs');
  });
  it('runner: output root up to its first _artifacts component, else the workspace default', () => {
    expect(storeRootForOutputRoot('/w/_artifacts/experiments/x', '/w')).toEqual({ root: '/w/_artifacts', defaulted: false });
    expect(storeRootForOutputRoot('/tmp/exp', '/w')).toEqual({ root: '/w/_artifacts', defaulted: true });
  });
});
