import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { builtinConfigDict, loadAndParseConfig, packageDataPath } from '../../src/config/index.js';
import { ROOT, tempWorkspace } from './helpers.js';

function csv(rel: string): { text: string; rows: string[][] } {
  const text = fs.readFileSync(packageDataPath(rel), 'utf8');
  return { text, rows: parse(text, { relax_column_count: false }) as string[][] };
}

describe('bundled sample data (config.md §9)', () => {
  it('every file is UTF-8 without BOM with CRLF line ends only', () => {
    for (const name of fs.readdirSync(packageDataPath('sample'))) {
      const buf = fs.readFileSync(packageDataPath(`sample/${name}`));
      expect(buf[0]).not.toBe(0xef);
      const text = buf.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
    expect(fs.readdirSync(packageDataPath('sample')).sort()).toEqual([
      'category_list_v1.csv',
      'user_profile_v4.csv',
      'user_profile_v5_abstraction.csv',
      'user_profile_v5_like_dislike.csv',
      'user_profile_v5_love_like_dislike_hate.csv',
    ]);
  });

  it('categories: exact header, 10–12 rows of 1–4 word concepts, every group has values', () => {
    const { rows } = csv('sample/category_list_v1.csv');
    expect(rows[0]!.join(',')).toBe('Subject Matter,Narrative,Mood,Composition,Perspective,Style,Time Period_Context,Color Scheme');
    const data = rows.slice(1);
    expect(data.length).toBeGreaterThanOrEqual(10);
    expect(data.length).toBeLessThanOrEqual(12);
    for (const cell of data.flat().filter(Boolean)) expect(cell.trim().split(/\s+/).length).toBeLessThanOrEqual(4);
    for (const group of [[0, 1], [2, 3, 4], [5, 6, 7]]) expect(data.some((r) => group.some((i) => r[i]))).toBe(true);
  });

  it('profiles: v4 3–5 rows with a dislike mentioning horror; v5 files describe the same tastes', () => {
    const v4 = csv('sample/user_profile_v4.csv').rows;
    expect(v4[0]).toEqual(['Likes', 'Dislikes', 'Notes']);
    expect(v4.length - 1).toBeGreaterThanOrEqual(3);
    expect(v4.length - 1).toBeLessThanOrEqual(5);
    expect(v4.slice(1).some((r) => /horror/i.test(r[1]!))).toBe(true);

    const a = csv('sample/user_profile_v5_like_dislike.csv').rows;
    const b = csv('sample/user_profile_v5_love_like_dislike_hate.csv').rows;
    expect(a[0]).toEqual(['category', 'item', 'notes']);
    expect(b[0]).toEqual(['category', 'item', 'notes']);
    expect(a.length - 1).toBeGreaterThanOrEqual(4);
    expect(a.length - 1).toBeLessThanOrEqual(6);
    expect(b.length - 1).toBeLessThanOrEqual(8);
    expect(new Set(a.slice(1).map((r) => r[0]))).toEqual(new Set(['like', 'dislike']));
    expect(new Set(b.slice(1).map((r) => r[0]))).toEqual(new Set(['love', 'like', 'dislike', 'hate']));
    expect(b.slice(1).map((r) => r[1]).sort()).toEqual(a.slice(1).map((r) => r[1]).sort()); // same tastes
    expect(b.slice(1).some((r) => r[0] === 'hate' && /horror/i.test(r[1]!))).toBe(true);

    const hints = csv('sample/user_profile_v5_abstraction.csv').rows;
    expect(hints).toHaveLength(2);
    expect(hints[0]).toEqual(['generator_profile_hints']);
    expect(hints[1]![0]).toMatch(/horror/i);
  });

  it('the built-in default config is §8 and parses without warnings other than the manifest note', () => {
    const dict = builtinConfigDict();
    expect(Object.keys(dict)).toEqual(['run', 'image', 'run_review', 'providers', 'prompt', 'context', 'upscale', 'rclone', 'experiment', 'experiment_runners']);
    const loaded = loadAndParseConfig({ cwd: tempWorkspace('config-builtin'), env: {} });
    expect(loaded.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^Config key prompt\.titles_manifest_path is not set; defaulting to /)]);
    expect(fs.existsSync(loaded.config.prompt.categories_path)).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'data/default_config.yaml'))).toBe(true);
  });
});
