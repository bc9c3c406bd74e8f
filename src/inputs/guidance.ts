/**
 * `preferences_guidance` (pipeline.md §5.3) and `dislikes` (§5.4) from a normalised profile.
 */
import type { ProfileTable } from './profile.js';
import { profileColumn } from './profile.js';

const LEGEND = [
  'Preference strength legend:',
  '- Loves: strong positives; any one of them alone can make the audience like an image.',
  '- Likes: mild positives; welcome, but never required.',
  '- Dislikes: mild negatives; better avoided.',
  '- Hates: strong negatives; any one of them alone can make the audience reject an image.',
].join('\n');

const RULES = [
  'Preference interpretation rules:',
  '- Treat positive preferences as gentle direction, never as text to paste into the prompt verbatim.',
  '- Treat negative preferences as things to avoid.',
  '- Never "satisfy" a dislike by adding the disliked thing with a positive qualifier (disliking "crooked X" is no reason to add "straight X").',
  '- If the scene truly needs a disliked element, keep it incidental rather than featured.',
].join('\n');

export function preferencesGuidance(table: ProfileTable): string {
  const filled = table.columns.filter((c) => c.values.length > 0);
  if (!filled.length) return '';
  const blocks: string[] = [];
  if (profileColumn(table, 'Loves') || profileColumn(table, 'Hates')) blocks.push(LEGEND);
  blocks.push(RULES);
  for (const column of filled) blocks.push([`${column.name}:`, ...column.values.map((v) => `- ${v}`)].join('\n'));
  return blocks.join('\n\n');
}

/** Non-empty values of `Dislikes` then `Hates`, de-duplicated (first occurrence kept). */
export function profileDislikes(table: ProfileTable): string[] {
  const out: string[] = [];
  for (const name of ['Dislikes', 'Hates']) {
    for (const v of profileColumn(table, name)?.values ?? []) if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Guidance sections (§5.5): blocks split on blank lines whose first line ends with `:`, keyed lower-case. */
export function guidanceSections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const blockText of text.split(/\r?\n[ \t]*\r?\n/)) {
    const lines = blockText.split(/\r?\n/).filter((l) => l.trim());
    const head = lines[0]?.trim();
    if (!head || !head.endsWith(':')) continue;
    sections.set(head.slice(0, -1).trim().toLowerCase(), lines.slice(1).map((l) => l.trim()));
  }
  return sections;
}
