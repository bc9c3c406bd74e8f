/** Stable candidate ids A…Z, AA, AB, … (spreadsheet columns), pipeline.md §11.1. */
export function stableId(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function stableIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => stableId(i));
}
