import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDataPath } from '../../src/config/index.js';
import {
  guidanceSections,
  loadCategories,
  loadProfile,
  parseProfileText,
  preferencesGuidance,
  profileDislikes,
  selectRandomConcepts,
} from '../../src/inputs/index.js';
import { stream } from '../../src/pipeline/index.js';
import { tempDir } from './helpers.js';

const HEADER = 'Subject Matter,Narrative,Mood,Composition,Perspective,Style,Time Period_Context,Color Scheme';

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('categories and random concepts (§5.1, §5.2)', () => {
  it('draws one concept per group, column by column, deterministically', () => {
    const dir = tempDir();
    const file = write(dir, 'c.csv', `\uFEFF${HEADER}\r\n a ,b,,,,s1,,\r\nc,,m1,,,,,\r\n`);
    const table = loadCategories(file);
    expect(table.rows[0]!['Subject Matter']).toBe('a');
    const concepts = selectRandomConcepts(table, stream(42, 'concepts:preprompt.select_concepts'));
    expect(concepts).toHaveLength(3);
    const s = stream(42, 'concepts:preprompt.select_concepts');
    expect(concepts).toEqual([s.choice(['a', 'c', 'b']), s.choice(['m1']), s.choice(['s1'])]);
    const sample = loadCategories(packageDataPath('sample/category_list_v1.csv'));
    const a = selectRandomConcepts(sample, stream(1, 'concepts:x'));
    expect(selectRandomConcepts(sample, stream(1, 'concepts:x'))).toEqual(a);
  });

  it('skips empty groups and reports a missing column with the absolute path', () => {
    const dir = tempDir();
    const only = write(dir, 'g.csv', `${HEADER}\nx,,,,,,,\n`);
    expect(selectRandomConcepts(loadCategories(only), stream(1, 'p'))).toEqual(['x']);
    const bad = write(dir, 'bad.csv', 'Subject Matter,Narrative\nx,y\n');
    expect(() => loadCategories(bad)).toThrow(`Categories CSV is missing column: Mood (${bad})`);
  });
});

describe('profiles (§5.3, §5.4)', () => {
  it('v4 columns: case-insensitive renames, file order, trimmed values, line breaks folded', () => {
    const t = parseProfileText('likes,DISLIKE,Extra,hate\n" soft\nlight ",neon,e1,gore\n,clutter,,\n', '/abs/p.csv');
    expect(t.form).toBe('v4');
    expect(t.columns.map((c) => c.name)).toEqual(['Likes', 'Dislikes', 'Extra', 'Hates']);
    expect(t.columns[0]!.values).toEqual(['soft light']);
    expect(t.rowCount).toBe(2);
    expect(profileDislikes(t)).toEqual(['neon', 'clutter', 'gore']);
  });

  it('v4 duplicate columns after normalisation fail', () => {
    expect(() => parseProfileText('Like,likes\na,b\n', '/abs/p.csv')).toThrow('User profile has duplicate column after normalisation: Likes');
  });

  it('v5 rows (category/item/notes and strength/item/conditionals, mixed case)', () => {
    const t = parseProfileText(
      'Category,ITEM,Notes\nlike,folk patterns,\nHATE,gore,never\nmood,quiet,\n,orphan,\nlove,rain,at dusk\ndislike,gore,\nlike,,ignored\n',
      '/abs/p.csv',
    );
    expect(t.form).toBe('v5');
    expect(t.columns.map((c) => c.name)).toEqual(['Loves', 'Likes', 'Dislikes', 'Hates', 'Mood', 'Other']);
    expect(t.columns.find((c) => c.name === 'Loves')!.values).toEqual(['rain — at dusk']);
    expect(t.rowCount).toBe(1);
    expect(profileDislikes(t)).toEqual(['gore', 'gore — never']);
    const s = parseProfileText('strength,item,conditionals\nlikes,tea,hot only\n', '/abs/q.csv');
    expect(s.columns).toEqual([{ name: 'Likes', values: ['tea — hot only'] }]);
  });

  it('preferences_guidance: legend only with Loves/Hates, rules always, sections parseable', () => {
    const v4 = loadProfile(packageDataPath('sample/user_profile_v4.csv'));
    const g4 = preferencesGuidance(v4);
    expect(g4.startsWith('Preference interpretation rules:')).toBe(true);
    expect(g4).toContain('Dislikes:\n- horror imagery and gore\n- harsh neon glare');
    const v5 = loadProfile(packageDataPath('sample/user_profile_v5_love_like_dislike_hate.csv'));
    const g5 = preferencesGuidance(v5);
    expect(g5.startsWith('Preference strength legend:\n- Loves:')).toBe(true);
    const sections = guidanceSections(g5);
    expect(sections.get('hates')).toEqual(['- horror imagery and gore — never under any circumstances']);
    expect(preferencesGuidance(parseProfileText('Likes\n', '/x'))).toBe('');
  });

  it('missing, directory and empty profiles are one-line errors naming the file', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'none.csv');
    expect(() => loadProfile(missing)).toThrow(`User profile not found: ${missing}`);
    expect(() => loadProfile(dir)).toThrow(`User profile path is a directory: ${dir}`);
    const empty = write(dir, 'empty.csv', '  \n');
    expect(() => loadProfile(empty)).toThrow(`User profile file is empty: ${empty}`);
  });
});
