/**
 * The directory walk (index.md §2): recursive, symlinked directories not followed, skipping the
 * output dir, `_stores/` and dot-folders. Only source files are stat'ed; other names are just listed.
 */
import { readdirSync, statSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { SourceKind } from './types.js';
import { compareCodePoints } from './values.js';

export interface WalkedSource {
  rel: string;
  abs: string;
  kind: SourceKind;
  size: number;
  mtimeNs: bigint;
}

export interface WalkedReport {
  rel: string;
  generationId: string;
  format: 'json' | 'html';
}

export interface WalkResult {
  /** Source files in code-point order of their relative paths. */
  sources: WalkedSource[];
  /** Run-review reports in code-point order. */
  reports: WalkedReport[];
  /** Relative paths of experiment files whose presence the index reports (plan_full, results). */
  present: Set<string>;
  /** Directories listed (a cheap work counter). */
  dirsListed: number;
}

const REPORT_SUFFIXES: [string, 'json' | 'html'][] = [
  ['_run_report.json', 'json'],
  ['_run_report.html', 'html'],
];

function kindOf(name: string, rel: string): SourceKind | null {
  if (name === 'runs_index.jsonl') return 'runs_index';
  if (name === 'titles_manifest.csv') return 'titles_manifest';
  if (name === 'generations_v2.csv' || name === 'generations.csv') return 'generations_csv';
  if (name === 'experiment_plan.json' && rel.startsWith('experiments/')) return 'experiment_plan';
  return null;
}

export function walkArtifacts(root: string, skipDirs: string[]): WalkResult {
  const skip = new Set(skipDirs.map((d) => path.resolve(d)));
  const found: WalkedSource[] = [];
  const reports: WalkedReport[] = [];
  const present = new Set<string>();
  let dirsListed = 0;
  const stack: [string, string][] = [[root, '']];
  while (stack.length > 0) {
    const [dir, relDir] = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable folder: nothing to index there
    }
    dirsListed++;
    for (const entry of entries) {
      const name = entry.name;
      const abs = path.join(dir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Symlinked directories are not followed; a symlinked file is read like a file.
        const st = statSync(abs, { throwIfNoEntry: false });
        isDir = false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir) {
        if (name.startsWith('.') || name === '_stores' || skip.has(abs)) continue;
        stack.push([abs, rel]);
        continue;
      }
      if (!isFile) continue;
      const kind = kindOf(name, rel);
      if (kind) {
        const st = statSync(abs, { bigint: true, throwIfNoEntry: false });
        if (st) found.push({ rel, abs, kind, size: Number(st.size), mtimeNs: st.mtimeNs });
        continue;
      }
      if (name === 'experiment_plan_full.json' || name === 'experiment_results.json') {
        present.add(rel);
        continue;
      }
      for (const [suffix, format] of REPORT_SUFFIXES) {
        if (name.endsWith(suffix) && name.length > suffix.length) {
          reports.push({ rel, generationId: name.slice(0, -suffix.length), format });
        }
      }
    }
  }
  found.sort((a, b) => compareCodePoints(a.rel, b.rel));
  reports.sort((a, b) => compareCodePoints(a.rel, b.rel));
  return { sources: dedupeGenerationFiles(found), reports, present, dirsListed };
}

/** Generations CSVs are de-duplicated by real path (index.md §3.3); the first in scan order stays. */
function dedupeGenerationFiles(sources: WalkedSource[]): WalkedSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    if (s.kind !== 'generations_csv') return true;
    let real = s.abs;
    try {
      real = realpathSync(s.abs);
    } catch {
      /* keep the walked path */
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}
