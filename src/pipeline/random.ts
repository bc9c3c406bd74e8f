/**
 * Named random streams (pipeline.md §4). No shared run RNG: every consumer derives its own stream
 * from (run seed, purpose), so adding a consumer never shifts another.
 */
import { createHash } from 'node:crypto';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** First 6 bytes of SHA-256("<seed>|<purpose>") as a big-endian integer (< 2^48). */
export function subseed(seed: number | string, purpose: string): number {
  return sha256(`${seed}|${purpose}`).readUIntBE(0, 6);
}

export interface RandomStream {
  readonly subseed: number;
  /** Draws made so far. */
  readonly draws: number;
  /** u in [0, 1). */
  random(): number;
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  choice<T>(items: readonly T[]): T;
  uniform(a: number, b: number): number;
  /** A shuffled copy (Fisher–Yates from the end). */
  shuffle<T>(items: readonly T[]): T[];
}

const TWO_POW_53 = 2 ** 53;

/** Draw i: u = floor(B / 8) / 2^53, B = first 7 bytes of SHA-256("<subseed>#<i>"). */
export function streamDraw(sub: number, index: number): number {
  const digest = sha256(`${sub}#${index}`);
  // floor(B / 8) for the 56-bit B = hi·256 + lo, computed exactly: hi·32 + floor(lo / 8) < 2^53.
  const top53 = digest.readUIntBE(0, 6) * 32 + (digest[6]! >> 3);
  return top53 / TWO_POW_53;
}

export function makeStream(sub: number): RandomStream {
  let i = 0;
  const next = (): number => streamDraw(sub, i++);
  return {
    subseed: sub,
    get draws() {
      return i;
    },
    random: next,
    int(lo, hi) {
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    choice(items) {
      if (items.length === 0) throw new Error('choice() from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    uniform(a, b) {
      return a + (b - a) * next();
    },
    shuffle(items) {
      const out = [...items];
      for (let k = out.length - 1; k >= 1; k--) {
        const j = Math.floor(next() * (k + 1));
        [out[k], out[j]] = [out[j]!, out[k]!];
      }
      return out;
    },
  };
}

/** `makeStream(subseed(seed, purpose))`. */
export function stream(seed: number | string, purpose: string): RandomStream {
  return makeStream(subseed(seed, purpose));
}
