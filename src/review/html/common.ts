/** HTML helpers shared by the review pages (review.md §4 rules: self-contained, everything escaped). */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sortedJson } from '../text-utils.js';

/** Escape `& < > " '` for text and double-quoted attributes. */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON for a `<script type="application/json">` block: `<`, `>`, `&`, U+2028/9 escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Pretty sorted JSON, escaped, in a <pre>. */
export function jsonPre(value: unknown, cls = 'json'): string {
  return `<pre class="${cls}">${esc(sortedJson(value))}</pre>`;
}

/**
 * URL of an existing file as seen from an HTML file in `htmlDir`: relative, `/`-separated,
 * percent-encoded segments; `file:///…` when no relative path exists (another drive).
 */
export function fileHref(file: string, htmlDir: string): string {
  const rel = path.relative(path.resolve(htmlDir), path.resolve(file));
  if (rel === '' || path.isAbsolute(rel)) return pathToFileURL(path.resolve(file)).href;
  return rel.split(path.sep).map((seg) => encodeURIComponent(seg)).join('/');
}

/** ≥ 60000 ms `X.X min`, ≥ 1000 `X.XX s`, else `N ms`; null `n/a`. */
export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (Math.abs(ms) >= 60000) return `${(Math.floor((ms / 60000) * 10 + 0.5) / 10).toFixed(1)} min`;
  if (Math.abs(ms) >= 1000) return `${(Math.floor((ms / 1000) * 100 + 0.5) / 100).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

export function pill(text: string, cls = ''): string {
  return `<span class="pill${cls ? ` ${cls}` : ''}">${esc(text)}</span>`;
}

export function details(summary: string, body: string, open = false, cls = ''): string {
  return `<details${cls ? ` class="${cls}"` : ''}${open ? ' open' : ''}><summary>${summary}</summary>${body}</details>`;
}

export const BASE_CSS = `
:root { --border: #d0d7de; --muted: #57606a; --bg: #f6f8fa; --err: #cf222e; --warn: #9a6700; --info: #0969da; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #fff; line-height: 1.45; }
main { padding: 1rem 1.5rem 4rem; max-width: 1400px; }
nav.sticky { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--border); padding: 0.4rem 1.5rem; font-size: 0.9rem; }
nav.sticky a { margin-right: 0.8rem; }
nav details { display: inline-block; vertical-align: top; }
nav .tree { max-height: 40vh; overflow: auto; background: #fff; border: 1px solid var(--border); padding: 0.3rem 0.6rem; }
nav .tree ul { margin: 0.1rem 0 0.1rem 1rem; padding: 0; list-style: none; }
h1 { font-size: 1.4rem; word-break: break-all; }
h2 { border-bottom: 1px solid var(--border); padding-bottom: 0.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.4rem 0; }
th, td { border: 1px solid var(--border); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--bg); }
pre { background: var(--bg); border: 1px solid var(--border); padding: 0.5rem; overflow: auto; white-space: pre-wrap; word-break: break-word; max-height: 30rem; }
.muted { color: var(--muted); }
.pill { display: inline-block; border: 1px solid var(--border); border-radius: 999px; padding: 0 0.5rem; font-size: 0.8rem; margin-right: 0.25rem; background: #fff; }
.pill.ok, .pill.pass, .pill.success { border-color: var(--ok); color: var(--ok); }
.pill.failed, .pill.fail, .pill.error, .pill.missing { border-color: var(--err); color: var(--err); }
.pill.incomplete, .pill.no_oplog, .pill.warn { border-color: var(--warn); color: var(--warn); }
.sev { font-weight: 600; font-size: 0.8rem; padding: 0 0.35rem; border-radius: 4px; color: #fff; }
.sev-error { background: var(--err); } .sev-warn { background: var(--warn); } .sev-info { background: var(--info); }
.code { font-family: ui-monospace, monospace; }
.banner { padding: 0.6rem 1rem; border-radius: 6px; margin: 0.8rem 0; }
.banner-error { background: #ffebe9; border: 1px solid var(--err); }
.banner-warn { background: #fff8c5; border: 1px solid var(--warn); }
.step-card { border: 1px solid var(--border); border-radius: 8px; padding: 0.3rem 0.6rem; margin: 0.4rem 0; }
.step-card > summary { cursor: pointer; }
.thumb { max-width: 240px; max-height: 240px; border: 1px solid var(--border); }
.side-by-side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
.side-by-side img { max-width: 100%; max-height: 520px; height: auto; }
.box { border: 2px solid var(--border); border-radius: 8px; padding: 0.6rem 0.8rem; word-break: break-all; }
.box h2 { margin-top: 0; border: none; }
.prompt { max-height: 16rem; overflow: auto; white-space: pre-wrap; word-break: break-word; background: var(--bg); border: 1px solid var(--border); padding: 0.4rem; }
del { background: #ffebe9; color: #82071e; } ins { background: #dafbe1; color: #116329; text-decoration: none; }
tr.hl td { background: #fff8c5; }
.evo-section { border: 1px solid var(--border); border-radius: 10px; padding: 0.35rem 0.6rem; margin: 0.6rem 0; }
td.run { width: 45%; }
.howto { background: var(--bg); border-left: 4px solid var(--info); padding: 0.4rem 0.8rem; }
`;

/** A full page: one inline <style>, optional one inline script, no external resources. */
export function page(title: string, nav: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${BASE_CSS}</style>
</head>
<body>
${nav}
<main>
${body}
</main>
${script}
</body>
</html>
`;
}
