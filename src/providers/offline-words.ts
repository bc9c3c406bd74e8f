/**
 * Word material and hashing for the offline providers: salient words of a prompt and a
 * deterministic PRNG seeded from SHA-256, so answers are pure functions of the request.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A small deterministic generator (mulberry32) seeded from a string hash. */
export class HashStream {
  private state: number;
  constructor(seedText: string) {
    this.state = parseInt(sha256Hex(seedText).slice(0, 8), 16) >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** Uniform in [0,1) from a string (one-shot). */
export function hashUnit(text: string): number {
  return parseInt(sha256Hex(text).slice(0, 13), 16) / 2 ** 52;
}

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
  can could did do does doing down during each either else ever every few for from further had has have having he her here
  hers herself him himself his how however i if in into is it its itself just let like made make many may me might more most
  much must my myself never no nor not now of off on once only or other ought our ours ourselves out over own per please
  rather same shall she should so some such than that the their theirs them themselves then there these they this those
  through to too under until up upon us use used using very via was we were what when where whether which while who whom
  whose why will with within without would yet you your yours yourself yourselves one two three four five six seven eight
  nine ten return returns output only exactly item items list lists string strings json object objects key keys value values
  field fields format line lines text answer respond response write given following include includes including based must
  should each per ensure keep make sure provide provided valid strict return short long new none null true false`.split(/\s+/),
);

/** Verbatim codes a prompt asks to keep, e.g. `RV-S-123456` (upper-case letters/digits with hyphens and a digit). */
export function verbatimTokens(text: string): string[] {
  const found = text.match(/\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b/g) ?? [];
  return [...new Set(found.filter((t) => /\d/.test(t)))];
}

/**
 * Salient words of a text in order of first appearance: lower-cased alphabetic words of ≥ 3
 * letters that are not stopwords, de-duplicated.
 */
export function salientWords(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.match(/[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]/g) ?? []) {
    const w = raw.toLowerCase().replace(/'s$/, '');
    if (w.length < 3 || STOPWORDS.has(w) || /['-]/.test(w) || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

/** Filler vocabulary for prompts too short to supply enough words of their own. */
export const FALLBACK_WORDS = [
  'lantern', 'harbor', 'meadow', 'copper', 'velvet', 'glacier', 'orchard', 'ember', 'horizon', 'willow',
  'atrium', 'cobalt', 'dune', 'fern', 'marble', 'mist', 'quartz', 'river', 'saffron', 'thistle',
];

/** At least `min` words: the prompt's own first, then fallback vocabulary. */
export function wordPool(text: string, min = 12): string[] {
  const words = salientWords(text);
  for (const w of FALLBACK_WORDS) {
    if (words.length >= min) break;
    if (!words.includes(w)) words.push(w);
  }
  return words;
}

export function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** Counts Unicode code points. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
