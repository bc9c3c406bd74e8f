import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { deepMerge, mergeConfigs, stageConfigMergeError } from '../../src/config/index.js';

describe('deepMerge (config.md §3)', () => {
  it('merges mappings key by key, lists replace, scalars replace, null is kept as null', () => {
    const base = { a: { x: 1, y: [1, 2], z: 'keep' }, b: 2, c: { d: 1 } };
    const overlay = { a: { x: 5, y: [9], w: true }, c: null, e: { f: 1 } };
    expect(deepMerge(base, overlay)).toEqual({ a: { x: 5, y: [9], z: 'keep', w: true }, b: 2, c: null, e: { f: 1 } });
    expect(base).toEqual({ a: { x: 1, y: [1, 2], z: 'keep' }, b: 2, c: { d: 1 } }); // inputs untouched
  });

  it('takes the overlay as is over an absent or null base', () => {
    expect(deepMerge(null, { a: [1] })).toEqual({ a: [1] });
    expect(deepMerge({ a: null }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it('never splits dotted keys', () => {
    const merged = deepMerge({ 'blackbox_refine.loop': { iterations: 3, algorithm: 'hillclimb' } }, { 'blackbox_refine.loop': { iterations: 5 } });
    expect(merged).toEqual({ 'blackbox_refine.loop': { iterations: 5, algorithm: 'hillclimb' } });
  });

  it.each([
    [{ a: { b: 1 } }, { a: [1] }, 'Invalid config overlay merge at a: base is mapping but overlay is list'],
    [{ a: [1] }, { a: 'x' }, 'Invalid config overlay merge at a: base is list but overlay is string'],
    [{ a: { b: 1.5 } }, { a: { b: { c: 1 } } }, 'Invalid config overlay merge at a.b: base is float but overlay is mapping'],
    [{ a: { 'x.y': true } }, { a: { 'x.y': [] } }, 'Invalid config overlay merge at a.x.y: base is boolean but overlay is list'],
  ])('type clash %#', (base, overlay, message) => {
    expect(() => deepMerge(base, overlay)).toThrow(new ConfigError(message));
  });

  it('uses the stage-config message when asked, and mergeConfigs applies overlays in order', () => {
    expect(() =>
      deepMerge({ iterations: 3 }, { iterations: [3] }, 'prompt.stage_configs.loop_a', { errorMessage: stageConfigMergeError }),
    ).toThrow('Invalid stage config merge at prompt.stage_configs.loop_a.iterations: base is integer but overlay is list');
    expect(mergeConfigs({ a: 1, b: { c: 1 } }, { a: 2 }, { b: { d: 2 } }, { a: null })).toEqual({ a: null, b: { c: 1, d: 2 } });
  });
});
