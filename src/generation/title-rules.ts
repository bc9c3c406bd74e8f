/**
 * Title checks of generation.md §4: sanitize, validate, collision, and the fallback candidates.
 * Pure functions (no I/O), shared by the title generator and its tests.
 */

const QUOTE_CHARS = ['"', "'", '\u201c', '\u201d', '\u2018', '\u2019'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X',
  'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const ROMAN_SET = new Set(ROMAN);
/** `II` … `XX`: the suffixes tried for colliding titles and in the fallback sequence. */
export const ROMAN_SUFFIXES = ROMAN.slice(1);

const WORD = /^[A-Za-z]+(-[A-Za-z]+)*$/;
const CAPITALISED = /^[A-Z][a-z]+$/;

export type SanitizeResult = { ok: true; text: string } | { ok: false; message: string };
export type ValidateResult = { ok: true } | { ok: false; message: string };

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function stripOuterQuotes(text: string): string {
  if (text.length >= 2 && QUOTE_CHARS.includes(text[0]!) && QUOTE_CHARS.includes(text[text.length - 1]!)) {
    return text.slice(1, -1);
  }
  return text;
}

/** Exactly one non-blank line; one pair of outer quotes stripped; whitespace collapsed. */
export function sanitizeTitle(raw: string): SanitizeResult {
  const lines = raw.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return { ok: false, message: 'Title response is empty' };
  if (lines.length > 1) return { ok: false, message: `Title response must be a single line (got ${lines.length} non-blank lines)` };
  const text = collapseWhitespace(stripOuterQuotes(lines[0]!.trim()));
  if (!text) return { ok: false, message: 'Title response is empty after removing quotes' };
  return { ok: true, text };
}

function validWord(word: string): boolean {
  if (ROMAN_SET.has(word)) return true;
  if (!WORD.test(word)) return false;
  return word.split('-').every((seg) => ROMAN_SET.has(seg) || CAPITALISED.test(seg));
}

/** 2–4 Title Case words of letters and hyphens (Roman numerals allowed), no quotes. */
export function validateTitle(title: string): ValidateResult {
  if (QUOTE_CHARS.some((q) => title.includes(q))) return { ok: false, message: 'Title must not contain quotes' };
  if (!/^[A-Za-z -]*$/.test(title)) return { ok: false, message: 'Title may contain only letters, spaces and hyphens' };
  const words = title.split(' ').filter((w) => w !== '');
  if (words.length < 2 || words.length > 4) return { ok: false, message: `Title must have 2-4 words (got ${words.length})` };
  const bad = words.find((w) => !validWord(w));
  if (bad !== undefined) return { ok: false, message: `Title word is not Title Case: ${bad}` };
  return { ok: true };
}

/** Unicode case folding good enough for titles (ß → ss via upper-casing first). */
export function foldTitle(title: string): string {
  return title.trim().normalize('NFC').toUpperCase().toLowerCase();
}

export class TitleSet {
  private readonly folded: Set<string>;
  constructor(titles: Iterable<string>) {
    this.folded = new Set([...titles].map(foldTitle));
  }
  has(title: string): boolean {
    return this.folded.has(foldTitle(title));
  }
}

/** Candidates for a valid title that collided: `<title> II`… or `<…last>-II`… (4 words). */
export function collisionCandidates(title: string): string[] {
  const words = title.split(' ');
  return ROMAN_SUFFIXES.map((r) => (words.length < 4 ? `${title} ${r}` : [...words.slice(0, -1), `${words[words.length - 1]}-${r}`].join(' ')));
}

/** The fallback base: first non-blank line of the raw text, quotes stripped, whitespace collapsed, else `Untitled`. */
export function fallbackBase(raw: string): string {
  const line = raw.split(/\r\n|\r|\n/).find((l) => l.trim() !== '');
  if (line === undefined) return 'Untitled';
  const base = collapseWhitespace(stripOuterQuotes(line.trim()));
  return base || 'Untitled';
}

/**
 * The fallback sequence: `<base>`, `<base> II`…`<base> XX`, `<base> (2)`…`<base> (49)`, `<base> (<unix seconds>)`.
 * `fromNumbered` starts at `<base> (2)` (a colliding valid title whose Roman variants are all used).
 */
export function fallbackTitle(base: string, used: TitleSet, nowSeconds: number, fromNumbered = false): string {
  const candidates: string[] = [];
  if (!fromNumbered) candidates.push(base, ...ROMAN_SUFFIXES.map((r) => `${base} ${r}`));
  for (let i = 2; i <= 49; i++) candidates.push(`${base} (${i})`);
  return candidates.find((c) => !used.has(c)) ?? `${base} (${nowSeconds})`;
}
