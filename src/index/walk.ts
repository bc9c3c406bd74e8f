/**
 * The directory walk (index.md §2): recursive, symlinked directories not followed, skipping the
 * output dir, `_stores/` and dot-folders. Only source files are stat'ed; other names are just listed.
 * With a listing cache, a directory whose mtime did not change is not listed again (adding, removing
 * or renaming an entry changes its directory's mtime), so an unchanged tree costs one stat per
 * directory and per source file.
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

type EntryTag = SourceKind | 'present' | 'report_json' | 'report_html';

/** What the walk keeps of one directory: subfolders to descend into and the files it cares about. */
export interface DirListing {
  mtimeNs: bigint;
  dirs: string[];
  files: [string, EntryTag][];
}

export interface WalkResult {
  /** Source files in code-point order of their relative paths. */
  sources: WalkedSource[];
  /** Run-review reports in code-point order. */
  reports: WalkedReport[];
  /** Relative paths of experiment files whose presence the index reports (plan_full, results). */
  present: Set<string>;
  /** Listings to cache for the next walk (relative dir → listing); '' is the root. */
  listings: Map<string, DirListing>;
  /** Directories listed with readdir (the rest came from the cache). */
  dirsListed: number;
  /** True when any listing differs from the cache given. */
  listingsChanged: boolean;
}

const REPORT_SUFFIXES: [string, EntryTag][] = [
  ['_run_report.json', 'report_json'],
  ['_run_report.html', 'report_html'],
];

/** A listing is trusted later only if the directory was not modified within this window before it was read. */
const RACY_WINDOW_NS = 2_000_000_000n;

function tagOf(name: string, rel: string): EntryTag | null {
  if (name === 'runs_index.jsonl') return 'runs_index';
  if (name === 'titles_manifest.csv') return 'titles_manifest';
  if (name === 'generations_v2.csv' || name === 'generations.csv') return 'generations_csv';
  if (name === 'experiment_plan.json' && rel.startsWith('experiments/')) return 'experiment_plan';
  if (name === 'experiment_plan_full.json' || name === 'experiment_results.json') return 'present';
  for (const [suffix, tag] of REPORT_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) return tag;
  }
  return null;
}

function listDir(abs: string, relDir: string, skip: Set<string>, mtimeNs: bigint): DirListing | null {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return null; // vanished or unreadable folder: nothing to index there
  }
  const dirs: string[] = [];
  const files: [string, EntryTag][] = [];
  for (const entry of entries) {
    const name = entry.name;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Symlinked directories are not followed; a symlinked file is read like a file.
      const st = statSync(path.join(abs, name), { throwIfNoEntry: false });
      isDir = false;
      isFile = st?.isFile() ?? false;
    }
    if (isDir) {
      if (!name.startsWith('.') && name !== '_stores' && !skip.has(path.join(abs, name))) dirs.push(name);
      continue;
    }
    if (!isFile) continue;
    const tag = tagOf(name, relDir ? `${relDir}/${name}` : name);
    if (tag) files.push([name, tag]);
  }
  dirs.sort();
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { mtimeNs, dirs, files };
}

function sameListing(a: DirListing | undefined, b: DirListing): boolean {
  if (!a || a.mtimeNs !== b.mtimeNs || a.dirs.length !== b.dirs.length || a.files.length !== b.files.length) return false;
  return a.dirs.every((d, i) => d === b.dirs[i]) && a.files.every((f, i) => f[0] === b.files[i]![0] && f[1] === b.files[i]![1]);
}

export function walkArtifacts(root: string, skipDirs: string[], cache?: Map<string, DirListing>): WalkResult {
  const skip = new Set(skipDirs.map((d) => path.resolve(d)));
  const found: WalkedSource[] = [];
  const reports: WalkedReport[] = [];
  const present = new Set<string>();
  const listings = new Map<string, DirListing>();
  let dirsListed = 0;
  let listingsChanged = false;
  const stack: [string, string][] = [[root, '']];
  while (stack.length > 0) {
    const [dir, relDir] = stack.pop()!;
    const st = statSync(dir, { bigint: true, throwIfNoEntry: false });
    if (!st || !st.isDirectory()) continue;
    let listing = cache?.get(relDir);
    if (!listing || listing.mtimeNs !== st.mtimeNs) {
      const fresh = listDir(dir, relDir, skip, st.mtimeNs);
      if (!fresh) continue;
      dirsListed++;
      // A folder modified just before it was listed may change again within the same mtime tick: not cached.
      const racy = BigInt(Date.now()) * 1_000_000n - st.mtimeNs < RACY_WINDOW_NS;
      if (!sameListing(listing, fresh) || racy) listingsChanged = true;
      listing = racy ? { ...fresh, mtimeNs: -1n } : fresh;
    }
    listings.set(relDir, listing);
    for (const name of listing.dirs) stack.push([path.join(dir, name), relDir ? `${relDir}/${name}` : name]);
    for (const [name, tag] of listing.files) {
      const rel = relDir ? `${relDir}/${name}` : name;
      const abs = path.join(dir, name);
      if (tag === 'present') present.add(rel);
      else if (tag === 'report_json' || tag === 'report_html') {
        const suffix = tag === 'report_json' ? '_run_report.json' : '_run_report.html';
        reports.push({ rel, generationId: name.slice(0, -suffix.length), format: tag === 'report_json' ? 'json' : 'html' });
      } else {
        const fst = statSync(abs, { bigint: true, throwIfNoEntry: false });
        if (fst && fst.isFile()) found.push({ rel, abs, kind: tag, size: Number(fst.size), mtimeNs: fst.mtimeNs });
      }
    }
  }
  if (cache && cache.size !== listings.size) listingsChanged = true;
  found.sort((a, b) => compareCodePoints(a.rel, b.rel));
  reports.sort((a, b) => compareCodePoints(a.rel, b.rel));
  return { sources: dedupeGenerationFiles(found), reports, present, listings, dirsListed, listingsChanged };
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
