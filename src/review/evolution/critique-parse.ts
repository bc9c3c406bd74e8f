/** Critique "Edits" suggestion extraction (review.md §7.4 steps 1–5). */
import { isBullet, norm, stripBullet } from './text-metrics.js';

export interface Suggestion {
  snippet: string;
  source_bullet: string;
  extracted_via: string;
}

export interface CritiqueParse {
  suggestions: Suggestion[];
  warnings: string[];
  parse_status: 'ok' | 'unparseable';
}

const HEADER_RE = /^\s*#{1,6}\s*(.*?)\s*$/;
const LABEL_RE = /^(\*\*)?(replace|with)(\*\*)?\s*:\s*(.+)$/i;

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Methods of step 5: quote, arrow, colon, text. */
export function extractSnippet(text: string): { snippet: string; method: string } {
  const dq = /"([^"]{5,})"/.exec(text);
  if (dq) return { snippet: collapse(dq[1] as string), method: 'quote' };
  const sqRe = /'([^']{5,})'/g;
  for (const m of text.matchAll(sqRe)) {
    const before = m.index === 0 ? '' : text[m.index - 1] ?? '';
    const after = text[m.index + m[0].length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return { snippet: collapse(m[1] as string), method: 'quote' };
  }
  const arrow = /->|\u2192/.exec(text);
  if (arrow) return { snippet: collapse(text.slice(arrow.index + arrow[0].length)), method: 'arrow' };
  const colon = text.indexOf(':');
  if (colon >= 0) return { snippet: collapse(text.slice(colon + 1)), method: 'colon' };
  return { snippet: collapse(text), method: 'text' };
}

function editsSection(lines: string[]): string[] | null {
  let start = -1;
  for (let i = 0; i < lines.length; i += 1) {
    const m = HEADER_RE.exec(lines[i] as string);
    if (!m || !/^\s*#/.test(lines[i] as string)) continue;
    const title = (m[1] as string).toLowerCase().replace(/:$/, '').trim();
    if (title === 'edits' || title.startsWith('edits ')) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return null;
  const out: string[] = [];
  for (let i = start; i < lines.length; i += 1) {
    if (/^\s*#{1,6}(\s|$)/.test(lines[i] as string)) break;
    out.push(lines[i] as string);
  }
  return out;
}

export function parseCritique(response: string | null): CritiqueParse {
  const warnings: string[] = [];
  const suggestions: Suggestion[] = [];
  const done = (): CritiqueParse => {
    if (suggestions.length === 0 && warnings.length === 0) warnings.push('no suggestions extracted');
    return { suggestions, warnings, parse_status: suggestions.length > 0 ? 'ok' : 'unparseable' };
  };
  if (response === null || response.trim() === '') {
    warnings.push('missing critique response');
    return done();
  }
  const section = editsSection(norm(response).split('\n'));
  if (section === null) {
    warnings.push("missing '## Edits' section");
    return done();
  }
  const blocks: string[][] = [];
  for (const line of section) {
    if (line.trim() === '') continue;
    if (isBullet(line)) blocks.push([stripBullet(line)]);
    else if (blocks.length > 0) (blocks[blocks.length - 1] as string[]).push(line.trim());
  }
  if (blocks.length === 0) {
    warnings.push("no bullets found under '## Edits'");
    return done();
  }
  for (const block of blocks) {
    const blockText = block.join('\n');
    const labels = block.map((l) => LABEL_RE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
    if (labels.length > 0) {
      const withs = labels.filter((m) => (m[2] as string).toLowerCase() === 'with');
      if (withs.length === 0) continue; // Replace without With: skipped
      for (const w of withs) {
        const { snippet, method } = extractSnippet(w[4] as string);
        if (snippet === '') warnings.push(`empty snippet extracted from With: "${blockText}"`);
        else suggestions.push({ snippet, source_bullet: blockText, extracted_via: `with_${method}` });
      }
      continue;
    }
    const first = block[0] as string;
    let { snippet, method } = extractSnippet(first);
    let via = method;
    if ((snippet === '' || first.trimEnd().endsWith(':')) && block.length > 1) {
      ({ snippet, method } = extractSnippet(block[1] as string));
      via = `continuation_${method}`;
    }
    if (snippet === '') warnings.push(`empty snippet extracted from bullet: "${blockText}"`);
    else suggestions.push({ snippet, source_bullet: blockText, extracted_via: via });
  }
  return done();
}
