import type { ReconcileRow } from '../../activity/reconcile-scores.ts';
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { layout } from './layout.ts';

/** `names`: the learners' names as their launches gave them (user id -> name); the id is shown under the name. */
export function renderReconcilePage(
  rows: ReconcileRow[],
  names: ReadonlyMap<string, string>,
  ltik: string,
  lang: Lang,
): string {
  const differing = rows.filter((r) => r.differs);
  const body = `<h1>Tool scores and the LMS gradebook</h1>
<section class="card"><table>
<thead><tr><th>Student</th><th>Tool</th><th>LMS</th><th><span class="sr-only">Status</span></th></tr></thead>
<tbody>${rows
    .map(
      (r) =>
        `<tr><td>${names.get(r.userId) ? `${escapeHtml(names.get(r.userId) ?? '')}<br><span class="meta">${escapeHtml(r.userId)}</span>` : escapeHtml(r.userId)}</td><td>${r.tool.scoreGiven} / ${r.tool.scoreMaximum}</td><td>${r.lms ? `${r.lms.resultScore} / ${r.lms.resultMaximum}` : '<span class="meta">missing</span>'}</td><td>${r.differs ? '<strong>differs</strong>' : 'same'}</td></tr>`,
    )
    .join('')}</tbody></table></section>
${
  differing.length
    ? `<form method="post" action="/instructor/reconcile"><input type="hidden" name="ltik" value="${escapeHtml(ltik)}"><button type="submit" class="primary">Resend the ${differing.length} differing score(s)</button></form>`
    : '<p>The LMS gradebook matches the tool.</p>'
}
<p><a href="/instructor?ltik=${encodeURIComponent(ltik)}">Back to the results</a></p>`;
  return layout({ lang, title: 'Reconcile grades', body });
}
