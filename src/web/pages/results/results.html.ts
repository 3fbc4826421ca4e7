import type { Lang } from '../../../engine/template.ts';
import { html, type HtmlSafeString } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';
import { formatPercent } from '../../components/format-percent.ts';
import { pointsOf, studentLabel } from '../../components/format-points.ts';
import { extraTimeSection, type ExtraTimeSectionModel } from './extra-time-section.html.ts';
import { gradingQueueSection, type QueueEntry } from './grading-queue-section.html.ts';
import { itemStatisticsSection, type ItemStatisticsModel } from './item-statistics-section.html.ts';

/** One learner attempt as a row of the results table. */
export interface ResultsRow {
  attemptId: string;
  userId: string;
  /** The roster's name, else the launch's, else the user id. */
  name: string;
  attemptNumber: number;
  status: string;
  /** The student's own submissions (not regrade versions). */
  submissions: number;
  /** The current graded version's score. */
  score?: { points: number; maxPoints: number; fraction: number; pendingManual: boolean };
  /** This attempt's score is the one the gradebook holds (the score policy over the student's attempts). */
  counts: boolean;
  /** The newest outbox record that carries it, when it counts. */
  sync?: {
    id: string;
    status: string;
    scoreGiven: number;
    scoreMaximum: number;
    pendingManual: boolean;
    lastError?: string;
  };
}

export interface ResultsPageModel {
  lang: Lang;
  ltik: string;
  title: string;
  scorePolicy: 'best' | 'last';
  rows: ResultsRow[];
  roster: { ok: true; notOpened: string[]; enrolled: number; truncated: boolean } | { ok: false; reason: string };
  /** Exam mode only. */
  extraTime?: Omit<ExtraTimeSectionModel, 'ltik'>;
  queue: QueueEntry[];
  statistics: ItemStatisticsModel;
}

/** The instructor's view of one activity: who submitted, scores, and where each grade stands in the LMS. */
export function renderResultsPage(m: ResultsPageModel): string {
  const { ltik } = m;
  const q = `ltik=${encodeURIComponent(ltik)}`;
  const rows = m.rows.map(rowHtml);
  const roster = m.roster;
  const rosterLine = roster.ok
    ? html`<p class="meta">${roster.notOpened.length ? `Enrolled, not opened yet (${roster.notOpened.length} of ${roster.enrolled}): ${roster.notOpened.join(', ')}` : `All ${roster.enrolled} enrolled students have opened it.`}${roster.truncated && ' (The LMS has more members than were read.)'}</p>`
    : html`<p class="meta">Course roster not shown: ${roster.reason}.</p>`;
  const body = html`<h1>Results: ${m.title}</h1>
<p><a href="/instructor/preview?${q}">Preview problems with any seed</a> · <a href="/instructor/reconcile?${q}">Compare with the LMS gradebook</a></p>
<section class="card"><table>
<thead><tr><th>Student</th><th>Attempt</th><th>Status</th><th>Submissions</th><th>Score</th><th>Gradebook (${m.scorePolicy === 'best' ? 'best attempt' : 'last attempt'})</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="6">No student has opened this activity yet.</td></tr>`}</tbody>
</table>${rosterLine}${rowActionForms(ltik)}</section>
${m.extraTime && extraTimeSection({ ltik, ...m.extraTime })}
${gradingQueueSection(m.queue, ltik)}
${itemStatisticsSection(m.statistics)}
<p><a href="/instructor/grade-sheet.csv?${q}">Download the grade sheet (CSV, one row per student)</a> · <a href="/instructor/export.csv?${q}">Download every answer (CSV, one row per part)</a> · <a href="/instructor/exam?${q}">Print exam variants</a> · <a href="/instructor/regrade?${q}">Regrade a part</a></p>`;
  return layout({ lang: m.lang, title: 'Results', body });
}

/**
 * The forms every row's buttons submit (`form="..."`), so the page holds the instructor's session
 * token (ltik, about 700 characters) once, not in each row's three links and resend form, where
 * its copies made most of a large class's page.
 */
function rowActionForms(ltik: string): HtmlSafeString {
  const session = html`<input type="hidden" name="ltik" value="${ltik}">`;
  return html`<form id="open-attempt" method="get" action="/instructor/attempt">${session}</form><form id="print-attempt" method="get" action="/instructor/print">${session}</form><form id="print-key" method="get" action="/instructor/print">${session}<input type="hidden" name="key" value="1"></form><form id="resend-score" method="post" action="/instructor/resend">${session}</form>`;
}

function rowHtml(r: ResultsRow): HtmlSafeString {
  const action = (form: string, label: string) =>
    html`<button type="submit" form="${form}" name="attempt" value="${r.attemptId}" class="link-button">${label}</button>`;
  const score = r.score
    ? html`${pointsOf(r.score.points, r.score.maxPoints)} <span class="meta">(${formatPercent(r.score.fraction)})</span>${r.score.pendingManual && html` <span class="meta">awaiting grading</span>`}${r.counts && html` <strong title="the score the gradebook holds">counts</strong>`}`
    : '–';
  return html`<tr data-attempt="${r.attemptId}"><td>${studentLabel(r.name, r.userId)}</td><td>${r.attemptNumber} ${action('open-attempt', 'answers')} · ${action('print-attempt', 'print')} · ${action('print-key', 'key')}</td><td>${r.status}</td><td class="submissions">${r.submissions}</td><td>${score}</td><td>${r.counts && syncHtml(r.sync)}</td></tr>`;
}

function syncHtml(sync: ResultsRow['sync']): HtmlSafeString {
  if (!sync) return html`<span class="meta">none</span>`;
  return html`${sync.status} ${pointsOf(sync.scoreGiven, sync.scoreMaximum)}${sync.pendingManual && html` <span class="meta">(pending manual grading)</span>`}${sync.lastError && html`<br><span class="meta">${sync.lastError}</span>`}${
    (sync.status === 'failed' || sync.status === 'sent') &&
    html`<div><button type="submit" form="resend-score" name="id" value="${sync.id}">Resend</button></div>`
  }`;
}
