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
  should each per ensure keep make sure provide provided valid strict return short long new none null true false
  prompt prompts image images piece section sections sentence sentences paragraph describe description generate title
  titles character characters instruction instructions rule rules requirement requirements reuse preamble commentary
  markdown quotes quote concise concretely context optional authoritative preference preferences likes dislikes notes
  audience viewer stage step candidate candidates score scores judge criteria rubric treat never verbatim detail details`.split(/\s+/),
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

const AVOID_LABEL = /dislike|avoid|hate|never|do not|don't|banned|forbidden|exclude|negative/i;

/**
 * Salient words ranked by where they occur: first the content of short list items and of
 * `Label: value` lines (the data a prompt carries — concepts, likes, the image prompt), then every
 * other word. Sections and labels about dislikes or things to avoid contribute nothing.
 */
export function rankedWords(text: string): { primary: string[]; rest: string[] } {
  const primary: string[] = [];
  const rest: string[] = [];
  let avoiding = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      avoiding = false;
      continue;
    }
    if (/^[^-*•\d].{0,80}:$/.test(line)) {
      avoiding = AVOID_LABEL.test(line);
      continue;
    }
    const bullet = /^(?:[-*•]|\d+[.)])\s+(.*)$/.exec(line);
    if (bullet) {
      const content = bullet[1] ?? '';
      // Data items are short noun phrases; instruction bullets are sentences ending in a period.
      const isData = content.split(/\s+/).length <= 10 && !/[.!?]$/.test(content);
      if (!avoiding) (isData ? primary : rest).push(content);
      continue;
    }
    const kv = /^([A-Za-z][\w ()'-]{0,60}):\s+(.+)$/.exec(line);
    if (kv) {
      if (!AVOID_LABEL.test(kv[1] ?? '')) ((kv[2] ?? '').split(/\s+/).length >= 2 ? primary : rest).push(kv[2] ?? '');
      continue;
    }
    rest.push(line);
  }
  const first = salientWords(primary.join('\n'));
  const seen = new Set(first);
  return { primary: first, rest: salientWords(rest.join('\n')).filter((w) => !seen.has(w)) };
}

function shuffled(words: string[], seedText: string): string[] {
  const out = [...words];
  const s = new HashStream(`pool\u0000${seedText}`);
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(s.next() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

/** Role and content of a chat message (structurally ChatMessage). */
export interface MessageLike {
  role: string;
  content: string;
}

/**
 * Word pool of a conversation, most salient first: the data of the last user message (its list
 * items and labelled values), then the words of earlier assistant answers (newest first: the idea
 * being developed), then the data of system messages, then the rest of the last user message. The
 * first 12 are shuffled by `seedText`; fallback vocabulary pads the pool to `min` words.
 */
export function conversationPool(messages: MessageLike[], min: number, seedText: string): string[] {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0 && lastUser < 0; i -= 1) if (messages[i]?.role === 'user') lastUser = i;
  if (lastUser < 0) lastUser = messages.length - 1;
  const user = rankedWords(messages[lastUser]?.content ?? '');
  const assistant = messages.slice(0, Math.max(0, lastUser)).filter((m) => m.role === 'assistant').reverse()
    .flatMap((m) => salientWords(m.content));
  const system = messages.filter((m) => m.role === 'system').flatMap((m) => rankedWords(m.content).primary);
  const ordered = [...new Set([...user.primary, ...assistant, ...system, ...user.rest])];
  const words = [...shuffled(ordered.slice(0, 12), seedText), ...ordered.slice(12)];
  for (const w of FALLBACK_WORDS) {
    if (words.length >= min) break;
    if (!words.includes(w)) words.push(w);
  }
  return words;
}

/** `conversationPool` of a single user message. */
export function wordPool(text: string, min = 12, seedText = ''): string[] {
  return conversationPool([{ role: 'user', content: text }], min, seedText);
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
