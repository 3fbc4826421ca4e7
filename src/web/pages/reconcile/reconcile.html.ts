import type { Lang } from '../../../engine/template.ts';
import { html } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';

export interface ReconcileRowView {
  userId: string;
  /** The name the learner's launches gave, if any; the id is shown under it. */
  name?: string;
  tool: { scoreGiven: number; scoreMaximum: number };
  lms?: { resultScore: number; resultMaximum: number };
  differs: boolean;
}

export interface ReconcilePageModel {
  lang: Lang;
  ltik: string;
  rows: ReconcileRowView[];
}

/** The tool's scores next to the LMS gradebook's, and the button that resends those that differ. */
export function renderReconcilePage({ lang, ltik, rows }: ReconcilePageModel): string {
  const differing = rows.filter((r) => r.differs).length;
  const body = html`<h1>Tool scores and the LMS gradebook</h1>
<section class="card"><table>
<thead><tr><th>Student</th><th>Tool</th><th>LMS</th><th><span class="sr-only">Status</span></th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><td>${r.name ? html`${r.name}<br><span class="meta">${r.userId}</span>` : r.userId}</td><td>${r.tool.scoreGiven} / ${r.tool.scoreMaximum}</td><td>${r.lms ? `${r.lms.resultScore} / ${r.lms.resultMaximum}` : html`<span class="meta">missing</span>`}</td><td>${r.differs ? html`<strong>differs</strong>` : 'same'}</td></tr>`,
  )}</tbody></table></section>
${
  differing
    ? html`<form method="post" action="/instructor/reconcile"><input type="hidden" name="ltik" value="${ltik}"><button type="submit" class="primary">Resend the ${differing} differing score(s)</button></form>`
    : html`<p>The LMS gradebook matches the tool.</p>`
}
<p><a href="/instructor?ltik=${encodeURIComponent(ltik)}">Back to the results</a></p>`;
  return layout({ lang, title: 'Reconcile grades', body });
}
