/**
 * The path rule of index.md §2: paths inside the artifacts root are written relative to it with `/`
 * separators; others stay absolute. Artifacts record absolute paths, so a store that was moved or
 * copied (e.g. written on another machine) still maps: every experiment plan records its
 * `output_root`, which tells where the store's root used to be.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function isWindowsAbsolute(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function slashed(p: string): string {
  return p.replace(/\\/g, '/');
}

/** A relative path of this OS with `/` separators (on POSIX a backslash is part of a name). */
function posixRel(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function stripTrailingSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

export class PathMapper {
  private readonly root: string;
  private readonly rootBase: string;
  /** Former absolute locations of this root (or of folders in it) → their relative folder ('' = root). */
  private readonly prefixes: { from: string; to: string }[] = [];
  private readonly dirExists = new Map<string, boolean>();

  private readonly rootPrefix: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.rootBase = path.basename(this.root);
    this.rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
  }

  /** A plan in `<root>/<experimentDir>` recorded `output_root`: learn where the root used to be. */
  addExperimentHint(outputRoot: string | null, experimentDir: string): void {
    if (!outputRoot || !(path.isAbsolute(outputRoot) || isWindowsAbsolute(outputRoot))) return;
    const recorded = stripTrailingSlash(slashed(outputRoot));
    if (recorded === stripTrailingSlash(slashed(path.join(this.root, experimentDir)))) return;
    const suffix = `/${experimentDir}`;
    if (recorded.endsWith(suffix) && recorded.length > suffix.length) {
      this.addPrefix(recorded.slice(0, -suffix.length), '');
    } else {
      this.addPrefix(recorded, experimentDir);
    }
  }

  private addPrefix(from: string, to: string): void {
    if (this.prefixes.some((p) => p.from === from)) return;
    this.prefixes.push({ from, to });
    // Longest prefix first.
    this.prefixes.sort((a, b) => b.from.length - a.from.length);
  }

  /** The index form of a recorded path (null stays null). */
  rel(p: string | null): string | null {
    if (p === null || p === '') return null;
    return this.compute(p);
  }

  private compute(p: string): string {
    // Fast path for the common case, before any regex: a normalised absolute path under the root.
    if (p.startsWith(this.rootPrefix)) {
      const rest = p.slice(this.rootPrefix.length);
      if (rest !== '' && rest.charCodeAt(0) !== 46 /* . */ && !rest.includes(`${path.sep}.`) && !rest.includes(`${path.sep}${path.sep}`)) {
        return path.sep === '/' ? rest : posixRel(rest);
      }
    }
    const winAbs = isWindowsAbsolute(p);
    if (!path.isAbsolute(p) && !winAbs) return p;
    if (!winAbs) {
      // Fast path for the common case: a normalised absolute path under the root.
      if (p.startsWith(this.rootPrefix)) {
        const rest = p.slice(this.rootPrefix.length);
        // Anything that might hold `.`/`..` segments or doubled separators goes through path.relative.
        if (rest !== '' && !rest.startsWith('.') && !rest.includes(`${path.sep}.`) && !rest.includes(`${path.sep}${path.sep}`)) return posixRel(rest);
      }
      const r = path.relative(this.root, p);
      if (r === '') return '.';
      if (r !== '..' && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r)) return posixRel(r);
    }
    const s = slashed(p);
    for (const { from, to } of this.prefixes) {
      if (s === from) return to || '.';
      if (s.startsWith(`${from}/`)) {
        const rest = s.slice(from.length + 1);
        return to ? `${to}/${rest}` : rest;
      }
    }
    return this.byRootName(s) ?? p;
  }

  /**
   * Last resort for a moved store without plans: the part after a folder named like the root
   * (`…/_artifacts/logs/x.json`) when that folder exists under the root.
   */
  private byRootName(s: string): string | null {
    const marker = `/${this.rootBase}/`;
    const at = s.lastIndexOf(marker);
    if (at < 0) return null;
    const rest = s.slice(at + marker.length);
    if (!rest) return null;
    const dir = path.dirname(rest);
    let ok = this.dirExists.get(dir);
    if (ok === undefined) {
      ok = existsSync(path.join(this.root, dir));
      this.dirExists.set(dir, ok);
    }
    return ok ? rest : null;
  }
}
