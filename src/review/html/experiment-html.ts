/** The experiment overview page `index.html` (review.md §6.4). */
import path from 'node:path';
import type { SummaryResult, SummaryRun } from '../experiment-mode.js';
import { analysisChecks } from '../experiment-mode.js';
import { isPlainObject } from '../text-utils.js';
import { esc, fileHref, fmtMs, jsonPre, page, pill } from './common.js';

type Summary = {
  experiment_id: string | null;
  counts: { total: number; success: number; failed: number };
  variants: { A: Record<string, unknown>; B: Record<string, unknown> };
  results: SummaryResult[];
};

const pct = (v: unknown): string => (typeof v === 'number' ? `${(Math.floor(v * 1000 + 0.5) / 10).toFixed(1)}%` : 'n/a');

function runCell(label: string, run: SummaryRun | null, id: string, outputDir: string): string {
  if (!run) return `<td class="run"><div><strong>${label}</strong> <span class="code">${esc(id)}</span></div><p>${pill('missing', 'missing')}</p><p class="muted">no image</p></td>`;
  const img = run.image ? path.resolve(outputDir, run.image) : null;
  const imgHtml = img
    ? `<a href="${esc(fileHref(img, outputDir))}"><img class="thumb" src="${esc(fileHref(img, outputDir))}" alt="${esc(`${label} image`)}"></a>`
    : '<p class="muted">no image</p>';
  const checks = analysisChecks(run.analysis);
  const checkPills: string[] = [];
  const otherAnalysis: Record<string, unknown> = {};
  if (isPlainObject(run.analysis)) {
    for (const [k, v] of Object.entries(run.analysis)) {
      if (checks && k in checks) {
        const ok = checks[k] as boolean;
        const codes = !ok && isPlainObject(v) && Array.isArray(v.issues) ? (v.issues as unknown[]).map((i) => (isPlainObject(i) && typeof i.code === 'string' ? i.code : null)).filter((c): c is string => c !== null) : [];
        checkPills.push(`${pill(`${k}: ${ok ? 'pass' : 'fail'}`, ok ? 'pass' : 'fail')}${codes.length ? ` <span class="code">${esc(codes.join(', '))}</span>` : ''}`);
      } else otherAnalysis[k] = v;
    }
  }
  const prompt =
    run.final_prompt !== null
      ? `<div class="prompt">${esc(run.final_prompt)}</div><div class="muted">source: ${esc(run.final_prompt_source ?? 'n/a')} | ${esc(run.final_prompt_words)} words | ${esc(fmtMs(run.duration_ms))}</div>`
      : '<p class="muted">no final prompt</p>';
  return `<td class="run"><div><strong>${label}</strong> <span class="code">${esc(run.generation_id)}</span></div><div>${pill(run.status, run.status)}${run.variant ? ` <span class="muted">${esc(run.variant)}</span>` : ''}</div>${imgHtml}${prompt}${checkPills.length ? `<div>${checkPills.join(' ')}</div>` : ''}${Object.keys(otherAnalysis).length ? `<details><summary>analysis</summary>${jsonPre(otherAnalysis)}</details>` : ''}${run.error ? `<div class="pill error">${esc(run.error)}</div>` : ''}</td>`;
}

export function renderExperimentIndexHtml(summary: Summary, dir: string, outputDir: string): string {
  const name = summary.experiment_id ?? path.basename(dir);
  const c = summary.counts;
  const vrow = (v: Record<string, unknown>): string =>
    `<tr><td><strong>${esc(v.label)}</strong> ${esc(((v.names as string[]) ?? []).join(', '))}</td><td>${esc(v.runs)}</td><td>${esc(v.succeeded)}</td><td>${pct(v.success_rate)}</td><td>${esc(v.mean_final_prompt_words ?? 'n/a')}</td><td>${esc(v.mean_final_prompt_chars ?? 'n/a')}</td><td>${esc(fmtMs(v.mean_duration_ms as number | null))}</td><td>${v.analysis_runs ? `${pct(v.analysis_pass_rate)} (${esc(v.analysis_passed)}/${esc(v.analysis_runs)})` : 'n/a'}</td></tr>`;
  const variants = `<section id="variants"><h2>Variants</h2><table><tr><th>Variant</th><th>Runs</th><th>Succeeded</th><th>Success rate</th><th>Mean prompt words</th><th>Mean prompt chars</th><th>Mean duration</th><th>Analysis pass rate</th></tr>${vrow(summary.variants.A)}${vrow(summary.variants.B)}</table></section>`;
  const rows = summary.results
    .map((r) => {
      const links =
        r.status === 'success'
          ? `<a href="${esc(encodeURIComponent(r.html as string))}">compare</a> · <a href="${esc(encodeURIComponent(r.json as string))}">json</a>`
          : `<span class="pill error">${esc(`FAILED (${r.error ?? 'unknown error'})`)}</span>`;
      return `<tr id="pair-${r.run_index}" class="pair"><td>${r.run_index}</td><td>${pill(r.status, r.status)}<div>${links}</div></td>${runCell('A', r.a, r.a_generation_id, outputDir)}${runCell('B', r.b, r.b_generation_id, outputDir)}</tr>`;
    })
    .join('');
  const pairs = `<section id="pairs"><h2>Pairs</h2><table class="pairs"><tr><th>#</th><th>status</th><th>A</th><th>B</th></tr>${rows}</table></section>`;
  const body = `<h1>Experiment compare: ${esc(name)}</h1><p class="code">${esc(dir)}</p><p>Pairs: ${c.total} | compared: ${c.success} | failed: ${c.failed}</p>${variants}${pairs}`;
  const nav = '<nav class="sticky"><a href="#variants">variants</a><a href="#pairs">pairs</a></nav>';
  return page(`Experiment compare - ${name}`, nav, body);
}
