import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { readManifestState } from '../../src/generation/manifest-state.js';
import { appendManifestRowUnlocked, MANIFEST_COLUMNS, conceptsJson } from '../../src/generation/shared-csv.js';
import { tempDir } from './helpers.js';

const row = (seq: number, title: string) => ({
  seq, title, generation_id: `g${seq}`, image_prompt: 'a "quoted", multi\nline prompt', image_path: `/x/g${seq}.jpg`,
  created_at: '2026-01-20T15:15:00Z', model: 'm', size: '1536x1024', quality: 'high', seed: null, title_source: 'llm', title_raw: title,
});

describe('titles manifest state', () => {
  it('missing or empty file → seq 1', async () => {
    const dir = tempDir('man');
    expect(await readManifestState(path.join(dir, 'none.csv'))).toEqual({ nextSeq: 1, titles: [] });
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    expect(await readManifestState(path.join(dir, 'empty.csv'))).toEqual({ nextSeq: 1, titles: [] });
  });

  it('max integer seq + 1, newest titles first, incremental after appends, BOM and junk seqs tolerated', async () => {
    const file = path.join(tempDir('man'), 'titles_manifest.csv');
    fs.writeFileSync(file, `\uFEFF${MANIFEST_COLUMNS.join(',')}\r\n7,Old Harbor,g7,p,/x,t,m,s,q,,llm,Old Harbor\r\nabc,Junk Row,g8,p,/x,t,m,s,q,,llm,x\r\n`);
    expect(await readManifestState(file)).toEqual({ nextSeq: 8, titles: ['Junk Row', 'Old Harbor'] });
    await appendManifestRowUnlocked(file, row(8, 'New Light'));
    expect(await readManifestState(file)).toEqual({ nextSeq: 9, titles: ['New Light', 'Junk Row', 'Old Harbor'] });
    // another writer appends (bytes we did not write ourselves)
    fs.appendFileSync(file, '20,Far Future,g20,p,/x,t,m,s,q,,llm,Far Future\r\n');
    expect(await readManifestState(file)).toEqual({ nextSeq: 21, titles: ['Far Future', 'New Light', 'Junk Row', 'Old Harbor'] });
    // a rewrite (smaller file) is re-read from scratch
    fs.writeFileSync(file, `${MANIFEST_COLUMNS.join(',')}\r\n2,Only One,g2,p,/x,t,m,s,q,,llm,Only One\r\n`);
    expect(await readManifestState(file)).toEqual({ nextSeq: 3, titles: ['Only One'] });
  });

  it('a torn last record is skipped, and the next append leaves a parseable file', async () => {
    const file = path.join(tempDir('man'), 'titles_manifest.csv');
    fs.writeFileSync(file, `${MANIFEST_COLUMNS.join(',')}\r\n1,First Light,g1,p,/x,t,m,s,q,,llm,First Light\r\n2,Torn Re`);
    expect(await readManifestState(file)).toEqual({ nextSeq: 2, titles: ['First Light'] });
    await appendManifestRowUnlocked(file, row(2, 'Second Wind'));
    expect(fs.readFileSync(file, 'utf8')).toMatch(/First Light\r\n(2,Torn Re\r\n)?2,Second Wind,/);
    expect(await readManifestState(file)).toEqual({ nextSeq: 3, titles: ['Second Wind', 'First Light'] });
  });

  it('concept lists use ", " separators and keep non-ASCII', () => {
    expect(conceptsJson(['Cat', 'Mood "x"', 'Barock é'])).toBe('["Cat", "Mood \\"x\\"", "Barock é"]');
    expect(conceptsJson([])).toBe('[]');
  });
});
