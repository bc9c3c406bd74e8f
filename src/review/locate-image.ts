/** Image resolution (review.md §1.5). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const EXTS = ['jpg', 'jpeg', 'png', 'webp'];

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Path of a recorded absolute path relocated into the `_artifacts` tree that holds `anchor`
 * (artifact trees copied or moved elsewhere keep their layout below `_artifacts/`).
 */
function relocatedIntoArtifacts(recorded: string, anchor: string | null): string | null {
  if (!anchor) return null;
  const rm = /[\\/]_artifacts[\\/](.+)$/i.exec(recorded);
  if (!rm) return null;
  let dir = path.dirname(path.resolve(anchor));
  for (;;) {
    if (path.basename(dir).toLowerCase() === '_artifacts') return path.join(dir, ...(rm[1] as string).split(/[\\/]/));
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function resolveImage(opts: { recorded: string | null; ids: string[]; imageDirs: string[]; transcriptPath: string | null }): string | null {
  const { recorded } = opts;
  if (recorded && isFile(recorded)) return path.resolve(recorded);
  const base = recorded ? path.basename(recorded.replace(/\\/g, '/')) : null;
  for (const dir of opts.imageDirs) {
    const names: string[] = [];
    if (base) names.push(base);
    for (const id of opts.ids) {
      for (const ext of EXTS) names.push(`${id}_image_4k.${ext}`);
      for (const ext of EXTS) names.push(`${id}_image.${ext}`);
    }
    for (const n of names) {
      const p = path.join(dir, n);
      if (isFile(p)) return path.resolve(p);
    }
  }
  if (recorded) {
    const moved = relocatedIntoArtifacts(recorded, opts.transcriptPath);
    if (moved && isFile(moved)) return moved;
  }
  return null;
}
