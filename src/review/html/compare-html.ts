/** The run comparison page (review.md §5 HTML). */
import path from 'node:path';
import type { RunCompare } from '../compare.js';
import type { RunReport } from '../report-types.js';
import { sortedJson } from '../text-utils.js';
import { esc, fileHref, fmtMs, page, pill } from './common.js';

function box(label: string, r: RunReport, summary: Record<string, unknown>): string {
  return `<div class="box"><h2>${label}</h2><div><strong>${esc(summary.generation_id)}</strong></div><div>variant: ${esc(summary.variant ?? 'n/a')}</div><div>outcome: ${pill(String(summary.outcome), String(summary.outcome))}</div><div>duration: ${esc(fmtMs(summary.duration_ms as number | null))}</div><div>created_at: ${esc(r.metadata.created_at ?? 'n/a')}</div></div>`;
}

function image(p: string | null, htmlDir: string, label: string): string {
  if (!p) return `<div><h3>${label}</h3><p class="muted">no image</p></div>`;
  const href = fileHref(p, htmlDir);
  return `<div><h3>${label}</h3><a href="${esc(href)}"><img src="${esc(href)}" alt="${esc(path.basename(p))}" style="max-width:100%"></a><div class="muted">${esc(p)}</div></div>`;
}

export function renderCompareHtml(cmp: RunCompare, a: RunReport, b: RunReport, htmlDir: string): string {
  const ida = String(cmp.run_a.generation_id);
  const idb = String(cmp.run_b.generation_id);
  const fp = cmp.final_prompt;
  const diffHtml =
    fp.diff === null
      ? '<p class="muted">n/a (a final prompt is missing)</p>'
      : `<div class="prompt">${fp.diff.map((d) => (d.op === 'equal' ? esc(d.text) : d.op === 'delete' ? `<del>${esc(d.text)}</del>` : `<ins>${esc(d.text)}</ins>`)).join(' ')}</div>${fp.diff_truncated ? '<p class="muted">diff truncated (prompts too long for a word-level diff)</p>' : ''}`;
  const promptCell = (text: string | null, src: string | null, words: number | null): string =>
    text === null ? '<p class="muted">no final prompt</p>' : `<div class="prompt">${esc(text)}</div><div class="muted">source: ${esc(src ?? 'n/a')} | words: ${esc(words)}</div>`;
  const stepRows = cmp.steps
    .map((s) => {
      const da = s.a_duration_ms as number | null;
      const db = s.b_duration_ms as number | null;
      const slowChange = da !== null && db !== null && Math.abs(db - da) >= 0.5 * Math.max(1, da);
      const hl = s.a_status !== s.b_status || slowChange;
      return `<tr${hl ? ' class="hl"' : ''}><td>${esc(s.path)}</td><td>${esc(s.occurrence)}</td><td>${esc(s.a_status ?? '—')}</td><td>${esc(s.b_status ?? '—')}</td><td>${esc(s.a_response_chars ?? '—')}</td><td>${esc(s.b_response_chars ?? '—')}</td><td>${esc(s.response_chars_delta ?? '—')}</td><td>${esc(fmtMs(da))}</td><td>${esc(fmtMs(db))}</td><td>${esc(fmtMs(s.duration_ms_delta as number | null))}</td><td>${esc(s.response_similarity ?? 'n/a')}</td></tr>`;
    })
    .join('');
  const list = (items: string[]): string => (items.length === 0 ? '<p class="muted">None</p>' : `<ul>${items.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
  const changes = Object.entries(cmp.metadata_changes);
  const body = [
    `<h1>run-review compare: ${esc(ida)} vs ${esc(idb)}</h1>`,
    `<div class="side-by-side">${box('A', a, cmp.run_a)}${box('B', b, cmp.run_b)}</div>`,
    `<section id="overview"><h2>Overview</h2><table><tr><th></th><th>A</th><th>B</th></tr>` +
      `<tr><th>outcome</th><td>${esc(cmp.run_a.outcome)}</td><td>${esc(cmp.run_b.outcome)}</td></tr>` +
      `<tr><th>duration</th><td>${esc(fmtMs(cmp.timing.a_duration_ms))}</td><td>${esc(fmtMs(cmp.timing.b_duration_ms))}</td></tr>` +
      `<tr><th>steps</th><td>${a.steps.length}</td><td>${b.steps.length}</td></tr>` +
      `<tr><th>issues</th><td>${a.issues.length}</td><td>${b.issues.length}</td></tr>` +
      `<tr><th>final prompt source</th><td>${esc(fp.a_source ?? 'n/a')}</td><td>${esc(fp.b_source ?? 'n/a')}</td></tr></table>` +
      `<p>Duration delta (B − A): ${esc(fmtMs(cmp.timing.duration_ms_delta))}</p></section>`,
    `<section id="images"><h2>Images</h2><div class="side-by-side">${image(cmp.images.a, htmlDir, 'A')}${image(cmp.images.b, htmlDir, 'B')}</div></section>`,
    `<section id="final-prompt"><h2>Final prompt</h2><div class="side-by-side"><div><h3>A</h3>${promptCell(fp.a, fp.a_source, fp.a_words)}</div><div><h3>B</h3>${promptCell(fp.b, fp.b_source, fp.b_words)}</div></div>` +
      `<p>Equal: ${fp.equal ? 'yes' : 'no'} | similarity: ${esc(fp.similarity ?? 'n/a')}</p><h3>Word diff (A → B)</h3>${diffHtml}</section>`,
    `<section id="steps"><h2>Steps</h2><table><tr><th>path</th><th>occ</th><th>A status</th><th>B status</th><th>A chars</th><th>B chars</th><th>Δ chars</th><th>A duration</th><th>B duration</th><th>Δ duration</th><th>response similarity</th></tr>${stepRows}</table></section>`,
    `<section id="structure"><h2>Structure</h2><h3>Added steps (only in B)</h3>${list(cmp.added_steps)}<h3>Removed steps (only in A)</h3>${list(cmp.removed_steps)}` +
      `<h3>Metadata</h3>${changes.length === 0 ? '<p class="muted">No metadata changes</p>' : `<ul>${changes.map(([k, v]) => `<li>${esc(`${k} changed: ${sortedJson(v.run_a, 0)} -> ${sortedJson(v.run_b, 0)}`)}</li>`).join('')}</ul>`}` +
      `<h3>Injectors</h3>${cmp.injector_diffs.length === 0 ? '<p class="muted">No injector differences</p>' : list(cmp.injector_diffs)}` +
      `<h3>Post-processing</h3>${cmp.post_processing_diffs.length === 0 ? '<p class="muted">No post-processing differences</p>' : list(cmp.post_processing_diffs)}</section>`,
  ].join('\n');
  const nav = `<nav class="sticky">${['overview', 'images', 'final-prompt', 'steps', 'structure'].map((x) => `<a href="#${x}">${x}</a>`).join('')}</nav>`;
  return page(`run-review compare - ${ida} vs ${idb}`, nav, body);
}
