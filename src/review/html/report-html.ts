/** The single-run HTML report (review.md §4). */
import path from 'node:path';
import { effectiveDurationMs, likelyFinalStepOf } from '../report-build.js';
import type { ReportStep, RunReport } from '../report-types.js';
import { cmpStr, isPlainObject, pct1, safeId, sectionKey } from '../text-utils.js';
import { details, esc, fileHref, fmtMs, jsonPre, page, pill } from './common.js';
import { evolutionHtml, TERM_SEARCH_SCRIPT } from './evolution-html.js';
import { issueList } from './issues-html.js';

export function stepAnchor(s: ReportStep): string {
  return `step-${String(s.step_index).padStart(4, '0')}-${safeId(s.path)}`;
}

function checkAnchors(steps: ReportStep[]): void {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const s of steps) {
    const a = stepAnchor(s);
    if (seen.has(a)) dups.add(a);
    seen.add(a);
  }
  if (dups.size > 0) throw new Error(`Duplicate step anchor IDs detected: ${[...dups].sort(cmpStr).join(', ')}`);
}

function navHtml(report: RunReport): string {
  const links = ['summary', 'issues', 'timeline', 'evolution', 'steps', 'side-effects', 'unknown-lines']
    .map((a) => `<a href="#${a}">${a}</a>`)
    .join('');
  const tree = new Map<string, Map<string, ReportStep[]>>();
  for (const s of report.steps) {
    const key = sectionKey(s.path);
    const third = s.path.split('/')[2] ?? '';
    const sec = tree.get(key) ?? tree.set(key, new Map()).get(key)!;
    (sec.get(third) ?? sec.set(third, []).get(third)!).push(s);
  }
  const secs = [...tree.entries()].map(([key, subs]) => {
    const inner = [...subs.entries()].map(([third, steps]) => {
      const items = steps.map((s) => `<li><a href="#${esc(stepAnchor(s))}">${esc(s.name)}</a></li>`).join('');
      return third && steps.some((s) => s.path.split('/').length > 3) ? `<li><details open><summary>${esc(third)}</summary><ul>${items}</ul></details></li>` : items;
    });
    return `<details open><summary>${esc(key)}</summary><ul>${inner.join('')}</ul></details>`;
  });
  const treeHtml = secs.length > 0 ? `<details><summary>pipeline tree</summary><div class="tree">${secs.join('')}</div></details>` : '';
  return `<nav class="sticky">${links} ${treeHtml}</nav>`;
}

function bannerHtml(report: RunReport): string {
  const relevant = report.issues.filter((i) => i.code === 'oplog_parse_failed' || i.code === 'oplog_low_coverage');
  if (relevant.length === 0) return '';
  const isErr = relevant.some((i) => i.severity === 'error');
  const st = report.metadata.oplog_stats;
  const stats = st ? `coverage ${pct1(st.coverage)}% (${st.parsed_lines}/${st.total_lines}) | events ${st.event_count} | format ${st.detected_format}` : '';
  const msgs = [...new Set(relevant.map((i) => i.message))].sort(cmpStr).join('; ');
  return `<div class="banner ${isErr ? 'banner-error' : 'banner-warn'}"><strong>${isErr ? 'Oplog parsing failed' : 'Oplog parsing degraded'}</strong><div>${esc(stats)}</div><div>${esc(msgs)}</div></div>`;
}

function valueCell(v: unknown): string {
  if (isPlainObject(v) || Array.isArray(v)) return jsonPre(v);
  return esc(v);
}

function summaryHtml(report: RunReport, htmlDir: string): string {
  const m = report.metadata;
  const rows: [string, string][] = [];
  const add = (label: string, v: unknown): void => {
    if (v === null || v === undefined || v === '') return;
    rows.push([label, valueCell(v)]);
  };
  add('Generation ID', m.generation_id);
  add('Outcome', report.run_timing.outcome);
  add('Seed', m.seed);
  add('Created at', m.created_at);
  add('Experiment', m.experiment);
  const pp = m.prompt_pipeline;
  if (pp) {
    const rp = typeof pp.requested_plan === 'string' ? pp.requested_plan : 'n/a';
    const pl = typeof pp.plan === 'string' ? pp.plan : 'n/a';
    add('Prompt plan', `${rp} -> ${pl}`);
    add('Resolved stages', Array.isArray(pp.resolved_stages) ? (pp.resolved_stages as unknown[]).join(', ') : null);
    add('Capture stage', pp.capture_stage);
    add('Prompt pipeline', pp);
  }
  add('Selected concepts', Array.isArray(m.selected_concepts) && m.selected_concepts.length === 0 ? null : m.selected_concepts);
  add('Context', m.context);
  const tg = m.title_generation;
  add('Title', isPlainObject(tg) && typeof tg.title === 'string' ? tg.title : tg);
  add('Image path', m.image_path);
  add('Artifacts', m.artifact_paths);
  add('Run start', report.run_timing.start_ts);
  add('Run end', report.run_timing.end_ts);
  add('Runtime', report.run_timing.runtime_ms === null ? null : fmtMs(report.run_timing.runtime_ms));
  const table = `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
  const counts = `<p>Steps: ${report.steps.length} | Side effects: ${report.side_effects.length} | Unknown lines: ${report.unknown_events.length}</p>`;
  const hl: string[] = [];
  const lf = likelyFinalStepOf(report);
  hl.push(`<li>Likely final step: ${lf ? `<a href="#${esc(stepAnchor(lf))}">${esc(lf.path)}</a>` : '<span class="muted">n/a</span>'}</li>`);
  hl.push(
    `<li>Final prompt (source: ${esc(m.final_prompt_source ?? 'none')}): ${m.final_prompt !== null ? `<div class="prompt">${esc(m.final_prompt)}</div>` : '<span class="muted">n/a</span>'}</li>`,
  );
  const img = m.artifact_paths.image;
  if (img) {
    const href = fileHref(img, htmlDir);
    hl.push(`<li>Image: <a href="${esc(href)}"><img class="thumb" src="${esc(href)}" alt="${esc(path.basename(img))}"></a></li>`);
  }
  if (m.error) hl.push(`<li>Run error: <span class="pill error">${esc(isPlainObject(m.error) ? [m.error.type, m.error.message].filter(Boolean).join(': ') : String(m.error))}</span>${jsonPre(m.error)}</li>`);
  return `<section id="summary"><h2>Summary</h2>${table}${counts}<h3>Highlights</h3><ul>${hl.join('')}</ul></section>`;
}

function timelineHtml(report: RunReport): string {
  const eff = effectiveDurationMs(report);
  const timed = report.steps.filter((s) => s.timing.duration_ms !== null);
  const slow = [...timed].sort((a, b) => (b.timing.duration_ms as number) - (a.timing.duration_ms as number) || a.step_index - b.step_index).slice(0, 10);
  const slowHtml =
    slow.length === 0
      ? '<p class="muted">No durations available</p>'
      : `<table><tr><th>#</th><th>step</th><th>duration</th></tr>${slow
          .map((s) => `<tr><td>${s.step_index}</td><td><a href="#${esc(stepAnchor(s))}">${esc(s.path)}</a></td><td>${esc(fmtMs(s.timing.duration_ms))}</td></tr>`)
          .join('')}</table>`;
  const bySec = new Map<string, { n: number; ms: number | null }>();
  for (const s of report.steps) {
    const k = sectionKey(s.path);
    const e = bySec.get(k) ?? { n: 0, ms: null };
    e.n += 1;
    if (s.timing.duration_ms !== null) e.ms = (e.ms ?? 0) + s.timing.duration_ms;
    bySec.set(k, e);
  }
  const secHtml = `<table><tr><th>section</th><th>steps</th><th>summed duration</th></tr>${[...bySec.entries()]
    .map(([k, e]) => `<tr><td>${esc(k)}</td><td>${e.n}</td><td>${esc(fmtMs(e.ms))}</td></tr>`)
    .join('')}</table>`;
  return `<section id="timeline"><h2>Timeline</h2><p>Effective duration: ${esc(fmtMs(eff))}</p><h3>Slowest steps</h3>${slowHtml}<h3>Per section</h3>${secHtml}</section>`;
}

function textBlock(label: string, text: string | null, chars: number | null): string {
  if (text === null) return `<div><strong>${esc(label)}</strong>: <span class="muted">&lt;missing&gt;</span></div>`;
  const cps = [...text];
  const prev = cps.length > 180 ? `${cps.slice(0, 180).join('')}…` : text;
  const count = chars ?? cps.length;
  return details(`<strong>${esc(label)}</strong> (${count} chars) <span class="muted">${esc(prev)}</span>`, `<pre>${esc(text)}</pre>`);
}

function sizeLine(s: ReportStep): string {
  const parts: string[] = [];
  const pair = (label: string, t: number | null, o: number | null): void => {
    if (t !== null) parts.push(`${label} ${t}${o !== null && o !== t ? ` (oplog ${o})` : ''}`);
    else if (o !== null) parts.push(`${label} ${o} (oplog)`);
  };
  pair('prompt', s.prompt_chars, s.oplog_prompt_chars);
  pair('context', s.context_chars, s.oplog_context_chars);
  pair('input', s.input_chars, s.oplog_input_chars);
  pair('response', s.response_chars, s.oplog_response_chars);
  return parts.length === 0 ? 'no size counters' : parts.join(', ');
}

function stepsHtml(report: RunReport): string {
  const groups = new Map<string, ReportStep[]>();
  for (const s of report.steps) {
    const k = sectionKey(s.path);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(s);
  }
  const body = [...groups.entries()].map(([k, steps]) => {
    const cards = steps.map((s) => {
      const head = `<strong>${esc(s.name)}</strong> <span class="code muted">${esc(s.path)}</span> ${pill(s.status, s.status)} ${pill(fmtMs(s.timing.duration_ms))} <span class="muted">${esc(sizeLine(s))}</span>`;
      const inner = [
        `<div class="muted">start ${esc(s.timing.start_ts ?? 'n/a')} | end ${esc(s.timing.end_ts ?? 'n/a')}${s.type ? ` | type ${esc(s.type)}` : ''}</div>`,
        textBlock('Prompt', s.prompt, s.prompt_chars),
        textBlock('Response', s.response, s.response_chars),
        issueList(s.issues, 'No step-specific issues'),
      ].join('');
      return `<details class="step-card" id="${esc(stepAnchor(s))}"><summary>${head}</summary>${inner}</details>`;
    });
    return `<h3>${esc(k)}</h3>${cards.join('')}`;
  });
  return `<section id="steps"><h2>Steps</h2>${body.length ? body.join('') : '<p class="muted">No steps</p>'}</section>`;
}

function sideEffectsHtml(report: RunReport): string {
  if (report.side_effects.length === 0) return '<section id="side-effects"><h2>Side effects</h2><p class="muted">No side effects captured</p></section>';
  const items = report.side_effects.map((se) => {
    const json = JSON.stringify(se.data);
    const prev = [...json].length > 140 ? `${[...json].slice(0, 140).join('')}…` : json;
    return details(`${pill(se.type)} <span class="muted">${esc(se.timestamp)}</span> data <code>${esc(prev)}</code>`, `${jsonPre(se.data)}<pre>${esc(se.raw)}</pre>`);
  });
  return `<section id="side-effects"><h2>Side effects</h2>${items.join('')}</section>`;
}

function unknownHtml(report: RunReport): string {
  const n = report.unknown_events.length;
  if (n === 0) return '<section id="unknown-lines"><h2>Unknown lines</h2><p class="muted">No unknown lines</p></section>';
  const shown = report.unknown_events.slice(0, 500).join('\n');
  const more = n > 500 ? `<p class="muted">… truncated; showing first 500 of ${n} lines …</p>` : '';
  return `<section id="unknown-lines"><h2>Unknown lines</h2>${details(`${n} unknown line(s)`, `<pre>${esc(shown)}</pre>${more}`)}</section>`;
}

/** Render the single-run report page; `htmlDir` is where the page is written (for relative image links). */
export function renderRunReportHtml(report: RunReport, htmlDir: string, options: { evolutionDisabled: boolean }): string {
  checkAnchors(report.steps);
  const id = report.metadata.generation_id;
  const body = [
    `<h1>run-review: ${esc(id)}</h1>`,
    bannerHtml(report),
    summaryHtml(report, htmlDir),
    `<section id="issues"><h2>Issues</h2>${issueList(report.issues, 'No issues detected.')}</section>`,
    timelineHtml(report),
    `<section id="evolution"><h2>Evolution</h2>${evolutionHtml(report, options.evolutionDisabled, stepAnchor)}</section>`,
    stepsHtml(report),
    sideEffectsHtml(report),
    unknownHtml(report),
  ].join('\n');
  return page(`run-review - ${id}`, navHtml(report), body, TERM_SEARCH_SCRIPT);
}

