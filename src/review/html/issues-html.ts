/** Issue lists (severity badge, [code], message, (path)). */
import type { Issue } from '../report-types.js';
import { cmpStr } from '../text-utils.js';
import { esc } from './common.js';

const SEV_ORDER: Record<string, number> = { error: 0, warn: 1, info: 2 };

export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) => (SEV_ORDER[a.severity] ?? 3) - (SEV_ORDER[b.severity] ?? 3) || cmpStr(a.code, b.code) || cmpStr(a.path ?? '', b.path ?? '') || cmpStr(a.message, b.message),
  );
}

export function issueList(issues: Issue[], empty: string): string {
  if (issues.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  const li = sortIssues(issues).map(
    (i) => `<li><span class="sev sev-${esc(i.severity)}">${esc(i.severity.toUpperCase())}</span> <span class="code">[${esc(i.code)}]</span> ${esc(i.message)}${i.path ? ` <span class="muted">(${esc(i.path)})</span>` : ''}</li>`,
  );
  return `<ul class="issues">${li.join('')}</ul>`;
}

