/** Splitting file bytes at the last line end, so a torn (unterminated) tail is handled apart. */

export interface SplitLines {
  /** Complete lines (without their `\n`). */
  lines: string[];
  /** Byte length of the complete part (up to and including the last `\n`). */
  completeBytes: number;
  /** Text after the last `\n`, or null when the bytes end with a line end (or are empty). */
  tail: string | null;
}

export function splitCompleteLines(bytes: Buffer): SplitLines {
  const last = bytes.lastIndexOf(0x0a);
  const completeBytes = last + 1;
  const head = completeBytes > 0 ? bytes.toString('utf8', 0, completeBytes) : '';
  const lines = head ? head.split('\n') : [];
  if (lines.length > 0) lines.pop(); // the empty string after the final "\n"
  const tail = completeBytes < bytes.length ? bytes.toString('utf8', completeBytes) : null;
  return { lines, completeBytes, tail };
}

/** Complete part of CSV bytes (up to the last line end) and whether a torn tail was dropped. */
export function completeCsvPart(bytes: Buffer): { complete: Buffer; completeBytes: number } {
  const last = bytes.lastIndexOf(0x0a);
  const completeBytes = last + 1;
  return { complete: bytes.subarray(0, completeBytes), completeBytes };
}
