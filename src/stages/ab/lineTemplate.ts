/**
 * The A/B one-line template (pipeline.md §8.3) and its structural check.
 */
import { lineTemplateFormat, type LineTemplateResponseFormat } from '../../pipeline/index.js';

export const LINE_FIELDS = [
  'SUBJECT',
  'SETTING',
  'ACTION',
  'COMPOSITION',
  'CAMERA',
  'LIGHTING',
  'COLOR',
  'STYLE',
  'TEXT_IN_SCENE',
  'AR',
] as const;

export const LINE_SEPARATOR = ' | ';

/** The template line with placeholders, as shown to the model. */
export function templateExample(token: string): string {
  return LINE_FIELDS.map((f) =>
    f === 'TEXT_IN_SCENE' ? `${f}="${token}"` : f === 'AR' ? `${f}=16:9` : `${f}=<${f.toLowerCase()}>`,
  ).join(LINE_SEPARATOR);
}

/** The reason a line violates the template, or null. */
export function checkFinalPromptLine(text: string, token: string): string | null {
  const line = text.trim();
  if (!line) return 'empty response';
  if (/\r|\n/.test(line)) return 'expected exactly one line';
  const segments = line.split(LINE_SEPARATOR);
  if (segments.length !== LINE_FIELDS.length) {
    return `expected ${LINE_FIELDS.length} segments separated by ' | ' (got ${segments.length})`;
  }
  for (let i = 0; i < LINE_FIELDS.length; i++) {
    const segment = segments[i]!;
    const eq = segment.indexOf('=');
    const key = eq >= 0 ? segment.slice(0, eq).trim() : segment.trim();
    const value = eq >= 0 ? segment.slice(eq + 1).trim() : '';
    const field = LINE_FIELDS[i]!;
    if (eq < 0 || key !== field) return `segment ${i + 1} must be ${field}=<value> (got '${segment.trim()}')`;
    if (!value) return `${field} has an empty value`;
    if (/<[^>]*>/.test(value) || value.includes('...') || value.includes('…')) return `${field} contains a placeholder`;
  }
  const textValue = segments[8]!.slice(segments[8]!.indexOf('=') + 1).trim();
  if (textValue !== `"${token}"`) return `TEXT_IN_SCENE must be "${token}" in double quotes (got ${textValue})`;
  const ar = segments[9]!.slice(segments[9]!.indexOf('=') + 1).trim();
  if (ar !== '16:9') return `AR must be 16:9 (got ${ar})`;
  return null;
}

export function finalPromptFormat(token: string): LineTemplateResponseFormat {
  return lineTemplateFormat({
    name: 'ab_final_prompt_line',
    template: {
      kind: 'fields',
      fields: [...LINE_FIELDS],
      fixed: { TEXT_IN_SCENE: `"${token}"`, AR: '16:9' },
      separator: LINE_SEPARATOR,
    },
    check: (text) => checkFinalPromptLine(text, token),
  });
}
