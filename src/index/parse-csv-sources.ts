/** titles_manifest.csv (index.md §3.2) and generations CSVs (§3.3) → records. */
import { parse } from 'csv-parse/sync';
import type { GenerationRow, ManifestRow, ParsedSource, SourceKind } from './types.js';
import { errorText, errorTypeName } from './types.js';
import { intOrNull, scalarCell, textOrNull } from './values.js';
import { completeCsvPart } from './chunks.js';
import { ip } from './record-helpers.js';

export const GENERATIONS_REQUIRED = [
  'generation_id',
  'selected_concepts',
  'final_image_prompt',
  'image_path',
  'created_at',
  'seed',
] as const;

const MANIFEST_KEPT = ['seq', 'title', 'generation_id', 'image_path', 'created_at', 'model', 'size', 'quality', 'seed'] as const;

/** Header normalisation of §3.3: case-fold, runs outside [a-z0-9] → `_`, trim `_`. */
export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function parseRecords(bytes: Buffer): string[][] {
  // A Buffer and few options keep csv-parse fast; BOM and blank lines are handled here.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const records = parse(start ? bytes.subarray(start) : bytes, { relax_column_count: true, relax_quotes: true }) as string[][];
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

function rejected(kind: SourceKind, warning: string | null): ParsedSource {
  return {
    kind,
    accepted: false,
    records: [],
    warnings: warning ? [warning] : [],
    tailWarning: null,
    completeBytes: 0,
    completeLines: 0,
    header: null,
  };
}

type RowBuilder<T> = (cells: string[], columnIndex: Map<string, number>) => T | null;

interface CsvKindSpec<T> {
  kind: SourceKind;
  /** Map from a (normalised) header to column positions, or a warning when the header is unusable. */
  columns: (header: string[], relPath: string) => Map<string, number> | string;
  row: RowBuilder<T>;
}

function parseCsvSource<T extends ManifestRow | GenerationRow>(
  spec: CsvKindSpec<T>,
  bytes: Buffer,
  relPath: string,
  offset: number,
  previous?: ParsedSource,
): ParsedSource {
  const { complete, completeBytes } = completeCsvPart(bytes);
  let records: string[][];
  try {
    records = parseRecords(complete);
  } catch (err) {
    return rejected(spec.kind, `${relPath}: ${errorTypeName(err)}: ${errorText(err)}`);
  }
  let header = previous?.header ?? null;
  if (!header) {
    if (records.length === 0) {
      // Empty file (or only a torn header): treated as empty, no warning (index.md §2).
      return { kind: spec.kind, accepted: true, records: [], warnings: [], tailWarning: null, completeBytes: 0, completeLines: 0, header: null };
    }
    header = records.shift()!.map((h) => h.replace(/^\uFEFF/, ''));
  }
  const columns = spec.columns(header, relPath);
  if (typeof columns === 'string') return rejected(spec.kind, columns);
  const out: (ManifestRow | GenerationRow)[] = previous ? [...(previous.records as (ManifestRow | GenerationRow)[])] : [];
  for (const cells of records) {
    const row = spec.row(cells, columns);
    if (row) out.push(row);
  }
  return {
    kind: spec.kind,
    accepted: true,
    records: out,
    warnings: previous ? [...previous.warnings] : [],
    tailWarning: null,
    completeBytes: offset + completeBytes,
    completeLines: 0,
    header,
  };
}

function cellAt(cells: string[], columns: Map<string, number>, name: string): string | null {
  const i = columns.get(name);
  return i === undefined ? null : textOrNull(cells[i]);
}

const manifestSpec: CsvKindSpec<ManifestRow> = {
  kind: 'titles_manifest',
  columns(header, relPath) {
    const map = new Map<string, number>();
    header.forEach((h, i) => {
      if ((MANIFEST_KEPT as readonly string[]).includes(h) && !map.has(h)) map.set(h, i);
    });
    if (!map.has('generation_id')) return `Missing required column 'generation_id' in ${relPath}`;
    return map;
  },
  row(cells, columns) {
    const gid = cellAt(cells, columns, 'generation_id');
    if (!gid) return null;
    return {
      generation_id: ip(gid),
      seq: intOrNull(cellAt(cells, columns, 'seq')),
      title: cellAt(cells, columns, 'title'),
      image_path: ip(cellAt(cells, columns, 'image_path')),
      created_at: ip(cellAt(cells, columns, 'created_at')),
      model: ip(cellAt(cells, columns, 'model')),
      size: ip(cellAt(cells, columns, 'size')),
      quality: ip(cellAt(cells, columns, 'quality')),
      seed: intOrNull(cellAt(cells, columns, 'seed')),
    };
  },
};

const generationsSpec: CsvKindSpec<GenerationRow> = {
  kind: 'generations_csv',
  columns(header, relPath) {
    const map = new Map<string, number>();
    header.forEach((h, i) => {
      const n = normalizeHeaderName(h);
      if (!map.has(n)) map.set(n, i);
    });
    const missing = GENERATIONS_REQUIRED.filter((c) => !map.has(c));
    if (missing.length > 0) {
      return (
        `${relPath}: legacy or unsupported generations CSV is not indexed; missing columns=[${missing.join(', ')}] ` +
        `header=[${header.join(', ')}]. Expected v2 columns: [${GENERATIONS_REQUIRED.join(', ')}]. ` +
        'Convert it to these columns or move it out of the artifacts root.'
      );
    }
    return map;
  },
  row(cells, columns) {
    const gid = cellAt(cells, columns, 'generation_id');
    if (!gid) return null;
    const seedIndex = columns.get('seed');
    return {
      generation_id: ip(gid),
      selected_concepts: ip(cellAt(cells, columns, 'selected_concepts')),
      final_image_prompt: cellAt(cells, columns, 'final_image_prompt'),
      image_path: ip(cellAt(cells, columns, 'image_path')),
      created_at: ip(cellAt(cells, columns, 'created_at')),
      seed: seedIndex === undefined ? null : scalarCell(intOrNull(cells[seedIndex]) ?? cells[seedIndex]),
    };
  },
};

export function parseManifestBytes(bytes: Buffer, relPath: string, offset = 0, previous?: ParsedSource): ParsedSource {
  return parseCsvSource(manifestSpec, bytes, relPath, offset, previous);
}

export function parseGenerationsBytes(bytes: Buffer, relPath: string, offset = 0, previous?: ParsedSource): ParsedSource {
  return parseCsvSource(generationsSpec, bytes, relPath, offset, previous);
}
