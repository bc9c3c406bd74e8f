/** runs_index.jsonl → RunLine records (index.md §3.1). */
import type { ParsedSource, RunLine } from './types.js';
import { errorText, errorTypeName } from './types.js';
import { scalarCell, textOrNull } from './values.js';
import { splitCompleteLines } from './chunks.js';
import { ip } from './record-helpers.js';

function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function toRunLine(obj: Record<string, unknown>): RunLine | null {
  const gid = textOrNull(obj.generation_id);
  if (!gid) return null;
  const exp = asObject(obj.experiment);
  const art = asObject(obj.artifacts) ?? {};
  const tags = exp && Array.isArray(exp.tags) ? exp.tags.filter((t) => t !== null && t !== undefined).map((t) => ip(String(t))) : [];
  return {
    generation_id: ip(gid),
    created_at: ip(textOrNull(obj.created_at)),
    seed: scalarCell(obj.seed),
    status: ip(textOrNull(obj.status)),
    phase: ip(textOrNull(obj.phase)),
    run_mode: ip(textOrNull(obj.run_mode)),
    experiment: exp
      ? { id: ip(textOrNull(exp.id)), variant: ip(textOrNull(exp.variant)), notes: ip(textOrNull(exp.notes)), tags }
      : null,
    artifacts: {
      image: ip(textOrNull(art.image)),
      upscaled_image: textOrNull(art.upscaled_image),
      transcript: textOrNull(art.transcript),
      final_prompt: textOrNull(art.final_prompt),
      oplog: textOrNull(art.oplog),
    },
  };
}

function parseLine(line: string, label: string): { record?: RunLine; warning?: string } {
  const trimmed = line.trim();
  if (!trimmed) return {};
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    return { warning: `${label}: ${errorTypeName(err)}: ${errorText(err)}` };
  }
  const obj = asObject(value);
  if (!obj) return { warning: `${label}: expected JSON object` };
  const record = toRunLine(obj);
  return record ? { record } : {};
}

/**
 * Parse bytes of a runs_index file starting at a line boundary. `firstLine` is the 1-based number
 * of the first line in `bytes`; `offset` the byte position of `bytes` in the file.
 */
export function parseRunsIndexBytes(
  bytes: Buffer,
  relPath: string,
  offset = 0,
  firstLine = 1,
  previous?: ParsedSource,
): ParsedSource {
  const { lines, completeBytes, tail } = splitCompleteLines(bytes);
  const records = previous ? [...previous.records] : [];
  const warnings = previous ? [...previous.warnings] : [];
  let lineNo = firstLine;
  for (const line of lines) {
    const r = parseLine(line, `${relPath}:${lineNo}`);
    if (r.record) records.push(r.record);
    if (r.warning) warnings.push(r.warning);
    lineNo++;
  }
  let tailWarning: string | null = null;
  if (tail !== null) {
    const r = parseLine(tail, `${relPath}:${lineNo}`);
    // A torn last line is a warning (index.md §3.1) and never a record: the writer may still be appending it.
    if (r.warning) tailWarning = r.warning;
    else if (tail.trim()) tailWarning = `${relPath}:${lineNo}: SyntaxError: unterminated last line`;
  }
  return {
    kind: 'runs_index',
    accepted: true,
    records,
    warnings,
    tailWarning,
    completeBytes: offset + completeBytes,
    completeLines: firstLine - 1 + lines.length,
    header: null,
  };
}
