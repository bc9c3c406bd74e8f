import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeStream, stream, subseed } from '../../src/pipeline/index.js';

/** Reference implementation of pipeline.md §4 with BigInt arithmetic. */
function refSubseed(seed: number, purpose: string): bigint {
  const d = createHash('sha256').update(`${seed}|${purpose}`, 'utf8').digest();
  return BigInt(`0x${d.subarray(0, 6).toString('hex')}`);
}
function refDraw(sub: bigint, i: number): number {
  const d = createHash('sha256').update(`${sub}#${i}`, 'utf8').digest();
  const b = BigInt(`0x${d.subarray(0, 7).toString('hex')}`);
  return Number(b / 8n) / 2 ** 53;
}

describe('named random streams (§4)', () => {
  it('subseed and draws follow the SHA-256 definition exactly', () => {
    for (const [seed, purpose] of [[0, 'concepts:preprompt.select_concepts'], [123, 'ab_token:ab.random_token'], [99999, 'context:holiday']] as const) {
      const sub = subseed(seed, purpose);
      expect(BigInt(sub)).toBe(refSubseed(seed, purpose));
      expect(sub).toBeLessThan(2 ** 48);
      const s = makeStream(sub);
      for (let i = 0; i < 5; i++) expect(s.random()).toBe(refDraw(BigInt(sub), i));
    }
  });

  it('int, choice, uniform and shuffle use the documented formulas', () => {
    const sub = subseed(7, 'x');
    const u = [0, 1, 2, 3].map((i) => refDraw(BigInt(sub), i));
    const s = makeStream(sub);
    expect(s.int(100000, 999999)).toBe(100000 + Math.floor(u[0]! * 900000));
    expect(s.choice(['a', 'b', 'c'])).toBe(['a', 'b', 'c'][Math.floor(u[1]! * 3)]);
    expect(s.uniform(2, 4)).toBe(2 + 2 * u[2]!);
    const sh = makeStream(sub).shuffle([1, 2, 3, 4]);
    const expected = [1, 2, 3, 4];
    for (let i = 3, k = 0; i >= 1; i--, k++) {
      const j = Math.floor(u[k]! * (i + 1));
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect(sh).toEqual(expected);
  });

  it('streams are independent: same purpose repeats, other purposes differ', () => {
    expect(stream(5, 'a').random()).toBe(stream(5, 'a').random());
    expect(stream(5, 'a').random()).not.toBe(stream(5, 'b').random());
    expect(stream(5, 'a').random()).not.toBe(stream(6, 'a').random());
  });
});
