/** Writing the index files: three CSV registries and experiments_index.json, each atomically. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync, toJsonText } from '../artifacts/index.js';
import { csvRegistryText } from './csv-writer.js';
import type { Row } from './types.js';

export const FILES = {
  index: 'experiments_index.json',
  experiments: 'experiment_registry.csv',
  images: 'image_registry.csv',
  runs: 'run_registry.csv',
  sqlite: 'artifacts.sqlite',
} as const;

export function writeCsv(file: string, header: readonly string[], rows: readonly Row[]): void {
  writeFileAtomicSync(file, csvRegistryText(header, rows));
}

export function writeJson(file: string, value: unknown): void {
  writeFileAtomicSync(file, toJsonText(value));
}

/** size:mtime_ns of output files, to tell later whether they are still what this index wrote. */
export function outputStamp(dir: string, names: string[]): string {
  return names
    .map((n) => {
      const st = statSync(path.join(dir, n), { bigint: true, throwIfNoEntry: false });
      return `${n}=${st ? `${st.size}:${st.mtimeNs}` : 'missing'}`;
    })
    .join(';');
}
