/** The Evolution section of the run report (review.md §7.7). */
import { roundHalfUp } from '../../artifacts/index.js';
import type { Issue, ReportStep, RunReport } from '../report-types.js';
import { isPlainObject, safeId } from '../text-utils.js';
import { esc, pill, scriptJson } from './common.js';
import { issueList } from './issues-html.js';

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const obj = (v: unknown): Json => (isPlainObject(v) ? v : {});
const f3 = (v: unknown): string => (typeof v === 'number' ? roundHalfUp(v, 3).toFixed(3) : 'n/a');
const pctStr = (v: unknown): string => (typeof v === 'number' ? `${roundHalfUp(v * 100, 1).toFixed(1)}%` : 'n/a');

/** The page's one inline script: term search over `<script type="application/json">` indexes, text nodes only. */
export const TERM_SEARCH_SCRIPT = `<script>
(function () {
  var inputs = document.querySelectorAll('input.evo-term-input');
  Array.prototype.forEach.call(inputs, function (input) {
    var source = document.getElementById(input.getAttribute('data-index'));
    var out = document.getElementById(input.getAttribute('data-results'));
    if (!source || !out) return;
    var terms = [];
    try { terms = JSON.parse(source.textContent || '[]'); } catch (e) { terms = []; }
    input.addEventListener('input', function () {
      while (out.firstChild) out.removeChild(out.firstChild);
      var q = input.value.trim().toLowerCase();
      if (!q) return;
      var hits = terms.filter(function (t) { return String(t.term).indexOf(q) !== -1; }).slice(0, 50);
      if (hits.length === 0) { var none = document.createElement('li'); none.textContent = 'no match'; out.appendChild(none); return; }
      hits.forEach(function (t) {
        var li = document.createElement('li');
        li.textContent = t.term + ' - first seen in ' + (t.first_seen_kind || 'n/a') + ' ' + (t.first_seen_path || '') + (t.injected ? ' (injected)' : '');
        out.appendChild(li);
      });
    });
  });
})();
</script>`;

function stepLink(p: unknown, idx: unknown, anchorOf: (s: ReportStep) => string): string {
  if (typeof p !== 'string') return '<em class="muted">missing</em>';
  if (typeof idx !== 'number') return esc(p);
  return `<a href="#${esc(anchorOf({ step_index: idx, path: p } as ReportStep))}">${esc(p)}</a>`;
}

function sectionHtml(sec: Json, anchorOf: (s: ReportStep) => string): string {
  const key = String(sec.section_key);
  const sid = safeId(key);
  const parts: string[] = [];
  parts.push(`<h4>Issues</h4>${issueList(arr(sec.issues) as unknown as Issue[], 'No section issues.')}`);
  const cands = (sec.candidate_paths as string[]) ?? [];
  const candIdx = (sec.candidate_step_indices as number[]) ?? [];
  const crits = (sec.critique_paths as string[]) ?? [];
  const critIdx = (sec.critique_step_indices as number[]) ?? [];
  parts.push(
    `<div class="evo-graph"><div><strong>Base</strong>: ${stepLink(sec.base_path, sec.base_step_index, anchorOf)}${sec.base_inherited ? ' ' + pill('inherited') : ''}</div>` +
      `<div><strong>Candidates</strong>: ${cands.length ? cands.map((c, i) => stepLink(c, candIdx[i], anchorOf)).join(', ') : '<em class="muted">none</em>'}</div>` +
      `<div><strong>Critiques</strong>: ${crits.length ? crits.map((c, i) => stepLink(c, critIdx[i], anchorOf)).join(', ') : '<em class="muted">none</em>'}</div>` +
      `<div><strong>Merge</strong>: ${stepLink(sec.merge_path, sec.merge_step_index, anchorOf)}</div></div>`,
  );
  const deltas = arr(sec.deltas);
  parts.push('<h4>Delta metrics</h4>');
  parts.push(
    deltas.length === 0
      ? '<p class="muted">No delta metrics available for this section.</p>'
      : `<table><tr><th>delta</th><th>from</th><th>to</th><th>chars</th><th>tokens</th><th>+tokens</th><th>-tokens</th><th>change ratio</th><th>seq</th><th>jaccard</th></tr>${deltas
          .map(
            (d) =>
              `<tr><td>${esc(d.kind)}</td><td>${esc(d.from_path)}</td><td>${esc(d.to_path)}</td><td>${esc(d.from_chars)} → ${esc(d.to_chars)}</td><td>${esc(d.from_tokens)} → ${esc(d.to_tokens)}</td><td>${esc(d.tokens_added)}</td><td>${esc(d.tokens_removed)}</td><td>${f3(d.token_change_ratio)}</td><td>${f3(d.seq_ratio)}</td><td>${f3(d.jaccard)}</td></tr>`,
          )
          .join('')}</table>`,
  );
  const sim = arr(sec.candidate_similarity);
  if (cands.length >= 2) {
    const cell = (a: string, b: string): string => {
      if (a === b) return '<td>—</td>';
      const s = sim.find((x) => (x.a_path === a && x.b_path === b) || (x.a_path === b && x.b_path === a));
      return `<td>${s ? `seq ${f3(s.seq_ratio)} / jac ${f3(s.jaccard)}` : 'n/a'}</td>`;
    };
    parts.push(`<h4>Candidate similarity</h4><table><tr><th></th>${cands.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${cands
      .map((a) => `<tr><th>${esc(a)}</th>${cands.map((b) => cell(a, b)).join('')}</tr>`)
      .join('')}</table>`);
  }
  const findings = arr(sec.findings);
  parts.push(
    `<h4>Findings</h4>${
      findings.length === 0
        ? '<p class="muted">No findings.</p>'
        : `<ul>${findings.map((f) => `<li><span class="sev sev-${esc(f.severity)}">${esc(String(f.severity).toUpperCase())}</span> <span class="code">[${esc(f.type)}]</span> ${esc(f.message)} <code>${esc(JSON.stringify(f.support))}</code></li>`).join('')}</ul>`
    }`,
  );
  const critiques = arr(sec.critiques);
  if (critiques.length > 0) {
    const items = critiques.map((c) => {
      const sugg = arr(c.suggestions).slice(0, 12);
      const rows = sugg
        .map((s) => {
          const ad = arr(s.adopted_in).slice(0, 3);
          const adHtml = ad.length === 0 ? '<span class="muted">not detected</span>' : ad.map((a) => `${pill(String(a.target_kind))}${esc(a.target_path)} (seq ${f3(a.seq_ratio)}, jac ${f3(a.jaccard)}): <span class="muted">${esc(a.segment_preview)}</span>`).join('<br>');
          return `<tr><td>${esc(s.snippet)}</td><td>${esc(s.extracted_via)}</td><td>${adHtml}</td></tr>`;
        })
        .join('');
      const warns = arr(c.warnings).length ? `<div class="muted">warnings: ${esc((c.warnings as string[]).join('; '))}</div>` : '';
      return `<div><strong>${esc(c.critic_path)}</strong> ${pill(String(c.parse_status), c.parse_status === 'ok' ? 'ok' : 'warn')} suggestions ${esc(c.suggestions_total)}, adopted in candidates ${esc(c.adopted_in_candidates_count)}, in merge ${esc(c.adopted_in_merge_count)}${warns}${rows ? `<table><tr><th>suggestion</th><th>via</th><th>adopted in</th></tr>${rows}</table>` : ''}</div>`;
    });
    parts.push(`<h4>Critique uptake</h4>${items.join('')}`);
    const targets = (sec.critique_provenance_targets as string[]) ?? [];
    const byCritic = obj(sec.critique_provenance_by_critic);
    const unattr = obj(sec.critique_provenance_unattributed_by_target);
    const totals = obj(sec.critique_provenance_segments_total_by_target);
    if (Object.keys(byCritic).length > 0) {
      parts.push(`<h4>Critique provenance</h4><table><tr><th>critic \\ target</th>${targets.map((t) => `<th>${esc(t)}<br><span class="muted">n=${esc(totals[t] ?? 0)}</span></th>`).join('')}</tr>${Object.entries(byCritic)
        .map(([critic, row]) => `<tr><th>${esc(critic)}</th>${targets.map((t) => `<td>${pctStr(obj(row)[t])}</td>`).join('')}</tr>`)
        .join('')}<tr><th>Unattributed</th>${targets.map((t) => `<td>${pctStr(unattr[t])}</td>`).join('')}</tr></table>`);
    } else parts.push('<h4>Critique provenance</h4><p class="muted">No parseable critique suggestions.</p>');
  }
  const prov = arr(sec.merge_provenance);
  if (prov.length > 0) {
    const contrib = Object.entries(obj(sec.merge_branch_contributions)).map(([p, v]) => `${esc(p)}: ${pctStr(v)}`).join(', ');
    parts.push(`<h4>Merge provenance</h4><p>Branch contributions: ${contrib || 'n/a'}</p><table><tr><th>#</th><th>segment</th><th>origin</th><th>path</th><th>score</th></tr>${prov
      .slice(0, 250)
      .map((r) => `<tr><td>${esc(r.segment_index)}</td><td>${esc(r.segment_preview)}</td><td>${pill(String(r.origin_kind))}</td><td>${esc(r.origin_path ?? '')}</td><td>${f3(r.score)}</td></tr>`)
      .join('')}</table>`);
  }
  const terms = arr(sec.term_first_seen);
  if (terms.length > 0) {
    const intro = Object.entries(obj(sec.node_introduced_terms))
      .map(([p, list]) => `<li>${esc(p)}: ${arr(list).map((t) => esc(`${t.term} (${t.count})`)).join(', ') || '<span class="muted">none</span>'}</li>`)
      .join('');
    parts.push(
      `<h4>Term tracing</h4><div><label>Term <input class="evo-term-input" type="search" placeholder="e.g., christmas" data-index="evo-terms-${esc(sid)}" data-results="evo-term-results-${esc(sid)}"></label><ul id="evo-term-results-${esc(sid)}"></ul></div>` +
        `<script type="application/json" id="evo-terms-${esc(sid)}">${scriptJson(terms)}</script>` +
        `<table><tr><th>term</th><th>first seen</th><th>kind</th></tr>${terms
          .slice(0, 250)
          .map((t) => `<tr><td>${esc(t.term)}${t.injected ? ' ' + pill('injected') : ''}</td><td>${esc(t.first_seen_path)}</td><td>${esc(t.first_seen_kind)}</td></tr>`)
          .join('')}</table>${intro ? `<p>Introduced terms:</p><ul>${intro}</ul>` : ''}`,
    );
  }
  return `<details open class="evo-section" id="evo-sec-${esc(sid)}"><summary><strong>${esc(key)}</strong> <span class="muted">ordering=${esc(sec.ordering)}</span></summary>${parts.join('')}</details>`;
}

export function evolutionHtml(report: RunReport, disabled: boolean, anchorOf: (s: ReportStep) => string): string {
  if (disabled) return '<p class="muted">Evolution analysis disabled (--no-evolution).</p>';
  if (!report.evolution) {
    return `<p class="muted">Evolution unavailable.</p>${issueList(report.issues.filter((i) => i.code.startsWith('evolution_')), 'No evolution issues.')}`;
  }
  const sections = arr(report.evolution.sections);
  const howto =
    '<div class="howto"><strong>How to read this</strong><p>Each pipeline section is analysed as base (<code>/draft</code>) → candidates (<code>/consensus_N</code>) → merge (<code>/final_consensus</code>), with critiques (<code>/tot_enclave/</code>). Delta metrics compare texts by word sequence (seq) and content-word overlap (jaccard); critique uptake shows which suggested edits reappear; provenance attributes merge segments to their likely origin; term tracing shows where each content word first appears.</p></div>';
  return `<p>Sections analyzed: ${sections.length}</p>${howto}${sections.map((s) => sectionHtml(s, anchorOf)).join('')}`;
}
