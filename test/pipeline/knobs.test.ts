import { describe, expect, it } from 'vitest';
import { KnobReader } from '../../src/pipeline/index.js';

const P = 'prompt.stage_configs.resolved.x.s';

describe('typed knob getters (§7.4)', () => {
  it.each([
    ['bool', { k: 1 }, (r: KnobReader) => r.bool('k', false), `${P}.k must be a boolean (type=integer)`],
    ['int', { k: 1.5 }, (r: KnobReader) => r.int('k', { default: 1 }), `${P}.k must be an int (type=float)`],
    ['int or null', { k: 'x' }, (r: KnobReader) => r.intOrNull('k', { default: null }), `${P}.k must be an int or null (type=string)`],
    ['float', { k: true }, (r: KnobReader) => r.float('k', { default: 1 }), `${P}.k must be a float (type=boolean)`],
    ['string', { k: [] }, (r: KnobReader) => r.str('k', { default: 'a' }), `${P}.k must be a string (type=list)`],
    ['mapping', { k: 'x' }, (r: KnobReader) => r.mapping('k'), `${P}.k must be a mapping (type=string)`],
    ['list[str]', { k: {} }, (r: KnobReader) => r.strList('k', { default: [] }), `${P}.k must be a list[str] (type=mapping)`],
    ['missing', {}, (r: KnobReader) => r.str('k'), `Missing required config key: ${P}.k`],
    ['empty string', { k: '  ' }, (r: KnobReader) => r.str('k'), `${P}.k cannot be empty`],
    ['enum', { k: 'zz' }, (r: KnobReader) => r.enum('k', ['b', 'a'], 'a'), `${P}.k must be one of: a, b (got 'zz')`],
    ['min', { k: 0 }, (r: KnobReader) => r.int('k', { default: 1, min: 1 }), `${P}.k must be >= 1 (got 0)`],
    ['max', { k: 3 }, (r: KnobReader) => r.float('k', { default: 1, max: 2 }), `${P}.k must be <= 2 (got 3)`],
    ['list item type', { k: ['a', 2] }, (r: KnobReader) => r.strList('k', { default: [] }), `${P}.k[1] must be a string (type=integer)`],
    ['list item empty', { k: ['a', ' '] }, (r: KnobReader) => r.strList('k', { default: [] }), `${P}.k[1] cannot be empty`],
    ['empty list', { k: [] }, (r: KnobReader) => r.strList('k', { default: ['a'], nonEmpty: true }), `${P}.k cannot be empty`],
  ])('%s error', (_name, values, read, message) => {
    expect(() => read(new KnobReader(P, values))).toThrow(message);
  });

  it('null reads as absent except for null-meaningful keys; 3.0 is an int', () => {
    const r = new KnobReader(P, { a: null, b: null, c: 3.0 });
    expect(r.int('a', { default: 4 })).toBe(4);
    expect(r.intOrNull('b', { default: 3500, nullMeaningful: true })).toBeNull();
    expect(r.int('c')).toBe(3);
    expect(r.effective()).toEqual({ a: 4, b: null, c: 3 });
  });

  it('strict consumption reports unread keys, recursively', () => {
    const r = new KnobReader(P, { used: 1, extra: 2, nested: { ok: true, typo: 1 } });
    r.int('used');
    r.mapping('nested').bool('ok');
    expect(() => r.assertConsumed('x.s')).toThrow(`Unknown config keys under ${P}: extra (stage: x.s; consumed: nested, used)`);
    const r2 = new KnobReader(P, { nested: { ok: true, typo: 1 } });
    r2.mapping('nested').bool('ok');
    expect(() => r2.assertConsumed('x.s')).toThrow(`Unknown config keys under ${P}.nested: typo (stage: x.s; consumed: ok)`);
    const r3 = new KnobReader(P, { z: 1 });
    expect(() => r3.assertConsumed('x.s')).toThrow('(stage: x.s; consumed: <none>)');
    expect(r2.effective()).toEqual({ nested: { ok: true } });
  });

  it('mapping lists are child namespaces with indexed paths', () => {
    const r = new KnobReader(P, { judges: [{ id: 'j1' }, 'bad'] });
    expect(() => r.mappingList('judges')).toThrow(`${P}.judges[1] must be a mapping (type=string)`);
    const ok = new KnobReader(P, { judges: [{ id: 'j1', extra: 1 }] });
    const [j] = ok.mappingList('judges');
    expect(j!.str('id')).toBe('j1');
    expect(() => ok.assertConsumed('x')).toThrow(`Unknown config keys under ${P}.judges[0]: extra`);
  });
});
