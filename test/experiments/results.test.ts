import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsStore } from '../../src/experiments/results.js';
import { readJson, tempDir } from './fakes.js';

describe('ResultsStore', () => {
  it('keeps plan order, drops ids outside the plan, writes parseable pretty JSON', async () => {
    const file = path.join(tempDir(), 'experiment_results.json');
    const store = new ResultsStore(file, ['a', 'b', 'c']);
    store.seed([{ generation_id: 'c', status: 'success' }, { generation_id: 'zz', status: 'success' }, { generation_id: 'a', status: 'error' }]);
    store.set('b', { generation_id: 'b', status: 'success', nested: { x: [1, 2] } });
    store.set('a', { generation_id: 'a', status: 'success' });
    await store.flush();
    const doc = readJson(file);
    expect(Object.keys(doc)).toEqual(['schema_version', 'kind', 'results']);
    expect((doc['results'] as { generation_id: string; status: string }[]).map((e) => `${e.generation_id}:${e.status}`)).toEqual(['a:success', 'b:success', 'c:success']);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it('coalesces a burst of rewrite requests and always ends with the latest state', async () => {
    const file = path.join(tempDir(), 'r.json');
    const ids = Array.from({ length: 200 }, (_, i) => `g${i}`);
    const store = new ResultsStore(file, ids);
    for (const id of ids) {
      store.set(id, { generation_id: id, status: 'success' });
      store.schedule();
    }
    await store.flush();
    expect(store.writes).toBeLessThan(50);
    expect((readJson(file)['results'] as unknown[]).length).toBe(200);
    const emptyFile = path.join(tempDir(), 'e.json');
    await new ResultsStore(emptyFile, ['x']).flush();
    expect(readJson(emptyFile)['results']).toEqual([]);
  });
});
