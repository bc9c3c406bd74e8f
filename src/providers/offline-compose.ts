/**
 * Text the offline provider writes: a prompt-like paragraph, one-line `KEY=value | …` templates and
 * 2–4 word Title Case titles, all built from the words of the last user message.
 */
import type { LineTemplateFormat } from './types.js';
import { conversationPool, HashStream, titleCase, verbatimTokens, wordPool, type MessageLike } from './offline-words.js';

const LIGHT = ['soft morning light', 'low golden-hour light', 'overcast diffuse light', 'hard noon sun', 'blue-hour glow',
  'warm lamplight', 'moonlit haze', 'rim-lit backlight'];
const PALETTE = ['muted earth tones', 'teal and amber accents', 'pastel blues and creams', 'deep greens with rust',
  'monochrome with one red accent', 'warm ochres and umber', 'cool silvers and slate', 'saturated primaries'];
const COMPOSITION = ['wide establishing shot', 'low-angle close-up', 'centered symmetrical frame', 'rule-of-thirds framing',
  'overhead view', 'layered depth with foreground framing', 'intimate medium shot', 'generous negative space'];
const MEDIUM = ['cinematic photograph', 'gouache painting', 'ink and watercolor illustration', 'detailed 3D render',
  'analog film still', 'paper-cut collage', 'oil painting', 'graphic poster'];

/** The paragraph for a plain-text request. */
export function composeParagraph(messages: MessageLike[], userText: string, seedText: string): string {
  const words = conversationPool(messages, 8, seedText);
  const s = new HashStream(`text\u0000${seedText}`);
  const w = (i: number) => words[i % words.length] as string;
  const subject = `${titleCase(w(0))} ${w(1)}`;
  const details = [w(4), w(5), w(6), w(7)].filter((x, i, a) => a.indexOf(x) === i);
  const parts = [
    `${subject} with ${w(2)} and ${w(3)}, ${s.pick(COMPOSITION)}, ${s.pick(LIGHT)}, ${s.pick(PALETTE)}, ${s.pick(MEDIUM)}.`,
    `Key details: ${details.join(', ')}.`,
  ];
  const tokens = verbatimTokens(userText);
  if (tokens.length > 0) parts.push(`Visible text: ${tokens.map((t) => `"${t}"`).join(', ')}.`);
  return parts.join(' ');
}

/** `KEY=value | …` with fixed values copied verbatim and every other field 2–4 prompt words. */
export function composeFields(
  template: Extract<LineTemplateFormat['template'], { kind: 'fields' }>,
  messages: MessageLike[],
  seedText: string,
): string {
  const words = conversationPool(messages, 4, seedText);
  const s = new HashStream(`fields\u0000${seedText}`);
  let cursor = 0;
  const segments = template.fields.map((field) => {
    const fixed = template.fixed?.[field];
    if (fixed !== undefined) return `${field}=${fixed}`;
    const n = s.int(2, 4);
    const value = Array.from({ length: n }, (_, i) => words[(cursor + i) % words.length]).join(' ');
    cursor += n;
    return `${field}=${value}`;
  });
  return segments.join(template.separator ?? ' | ');
}

/** Titles listed on a `Do not reuse these titles…: a; b; c` line. */
function avoidedTitles(text: string): { avoid: Set<string>; rest: string } {
  const avoid = new Set<string>();
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*Do not reuse these titles[^:]*:\s*(.*)$/i.exec(line);
    if (m) for (const t of (m[1] ?? '').split(';')) avoid.add(t.trim().toLowerCase());
    else kept.push(line);
  }
  return { avoid, rest: kept.join('\n') };
}

/** A 2–4 word Title Case title (letters only), avoiding titles the prompt lists as taken. */
export function composeTitle(userText: string, seedText: string): string {
  const { avoid, rest } = avoidedTitles(userText);
  const words = wordPool(rest, 4, seedText).filter((w) => /^[a-z]+$/.test(w));
  const s = new HashStream(`title\u0000${seedText}`);
  let fallback = '';
  for (let tries = 0; tries < 24; tries += 1) {
    const n = s.int(2, 4);
    const start = s.int(0, Math.min(words.length, 8) - 1);
    const picked = Array.from({ length: n }, (_, i) => titleCase(words[(start + i) % words.length] as string));
    const title = picked.join(' ');
    fallback ||= title;
    if (!avoid.has(title.toLowerCase())) return title;
  }
  return fallback;
}
