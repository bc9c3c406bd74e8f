import { readFileSync } from 'node:fs';

/** `{"name": "image-project", "version"}` from the package's own package.json (read once). */
let cached: { name: string; version: string } | undefined;
export function toolInfo(): { name: string; version: string } {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    cached = Object.freeze({ name: 'image-project', version: pkg.version ?? '0.0.0' });
  }
  return cached;
}
