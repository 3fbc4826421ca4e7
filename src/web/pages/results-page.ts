import { resourceLinkKey, type LaunchIdentity } from '../../activity/launch-identity.ts';
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import type { Models } from '../../store/models/index.ts';
import { selectAttemptsForResourceLink } from '../../store/repositories/attempts.ts';
import { selectGradeSyncForResourceLink } from '../../store/repositories/grade-sync.ts';
import { selectSubmissionsForResourceLink } from '../../store/repositories/submissions.ts';
import { layout } from './layout.ts';
import { formatPercent } from './format-percent.ts';
import { extraTimeSection } from './extra-time-section.ts';
import { grantedExtraTime, selectActivitySettings } from '../../store/repositories/activity-settings.ts';
import { partStatistics, variantStatistics } from '../../activity/item-statistics.ts';
import type { CourseRoster } from '../../lti/course-roster.ts';

/** The instructor's view of one activity: who submitted, scores, and where each grade stands in the LMS. */
export async function renderResultsPage({ models, identity, ltik, lang, timeLimitMinutes, roster: rosterRead }: { models: Models; identity: LaunchIdentity; ltik: string; lang: Lang; timeLimitMinutes: number | null; roster: Promise<CourseRoster> }): Promise<string> {
  // The LMS's roster is asked for while the tool's own records are read.
  const [attempts, submissions, syncs, settingsDoc, roster] = await Promise.all([
    selectAttemptsForResourceLink(models, resourceLinkKey(identity)),
    selectSubmissionsForResourceLink(models, identity.resourceLinkId),
    selectGradeSyncForResourceLink(models, identity.resourceLinkId),
    selectActivitySettings(models, resourceLinkKey(identity)),
    rosterRead,
  ]);
  const learners = attempts.filter((a) => !a.isStaff);
  const rows = learners
    .map((a) => {
      const subs = submissions.filter((s) => s.attemptId.equals(a._id));
      const last = subs[subs.length - 1];
      const sync = syncs.filter((s) => s.attemptId.equals(a._id)).pop();
      const syncCell = sync
        ? `${escapeHtml(sync.status)}${sync.lastError ? `<br><span class="meta">${escapeHtml(sync.lastError)}</span>` : ''}${
            sync.status === 'failed' || sync.status === 'sent'
              ? `<form method="post" action="/instructor/resend"><input type="hidden" name="ltik" value="${escapeHtml(ltik)}"><input type="hidden" name="id" value="${sync._id.toHexString()}"><button type="submit">Resend</button></form>`
              : ''
          }`
        : '<span class="meta">none</span>';
      const print = `/instructor/print?attempt=${a._id.toHexString()}&ltik=${encodeURIComponent(ltik)}`;
      return `<tr><td>${escapeHtml(a.userName || a.userId)}</td><td>${a.attemptNumber} <a href="/instructor/attempt?attempt=${a._id.toHexString()}&ltik=${encodeURIComponent(ltik)}">answers</a> · <a href="${print}">print</a> · <a href="${print}&key=1">key</a></td><td>${escapeHtml(a.status)}</td><td>${subs.length}</td><td>${last ? formatPercent(last.scoreFraction) : '–'}</td><td>${a.bestScore !== undefined ? formatPercent(a.bestScore) : '–'}</td><td>${syncCell}</td></tr>`;
    })
    .join('');
  const q = `ltik=${encodeURIComponent(ltik)}`;
  const notOpened = roster.ok ? roster.learners.filter((r) => !learners.some((a) => a.userId === r.userId)) : [];
  const rosterLine = roster.ok
    ? `<p class="meta">${notOpened.length ? `Enrolled, not opened yet (${notOpened.length} of ${roster.learners.length}): ${notOpened.map((r) => escapeHtml(r.userName)).join(', ')}` : `All ${roster.learners.length} enrolled students have opened it.`}${roster.truncated ? ' (The LMS has more members than were read.)' : ''}</p>`
    : `<p class="meta">Course roster not shown: ${escapeHtml(roster.reason)}.</p>`;
  // The latest submission of each learner attempt is what counts for the statistics.
  const latest = [...new Map(submissions.filter((s) => learners.some((a) => a._id.equals(s.attemptId))).map((s) => [s.attemptId.toHexString(), s])).values()];
  const stats = partStatistics(latest)
    .map(
      (p) =>
        `<tr><td>${p.problemIndex + 1}. ${escapeHtml(p.templateId)}</td><td>${escapeHtml(p.partKey)}</td><td>${p.answered}</td><td>${Math.round(p.meanScore * 100)} %</td><td>${Math.round(p.shareCorrect * 100)} %</td><td>${p.commonWrong
          .map((w) => `<code>${escapeHtml(w.answer)}</code> × ${w.count}${w.mistake ? ` <span class="meta">(${escapeHtml(w.mistake)})</span>` : ''}`)
          .join('<br>')}</td></tr>`,
    )
    .join('');
  const byVariant = variantStatistics(
    latest.flatMap((s) => {
      const attempt = learners.find((a) => a._id.equals(s.attemptId));
      return (attempt?.problems ?? []).map((p, i) => ({ variantKey: `${i + 1}. ${p.templateId} ${JSON.stringify(p.params)}`, score: scoreOfProblem(s, i) }));
    }),
  );
  const outliers = byVariant.filter((v) => v.outlier);
  const awaiting = latest.flatMap((s) =>
    s.parts
      .filter((p) => p.pendingManual)
      .map(
        (p) => `<tr><td>${escapeHtml(s.userId)}</td><td>${p.problemIndex + 1}. ${escapeHtml(p.partKey)}</td><td>${escapeHtml(p.raw)}</td><td><form method="post" action="/instructor/manual-grade">
<input type="hidden" name="ltik" value="${escapeHtml(ltik)}"><input type="hidden" name="submissionId" value="${s._id.toHexString()}"><input type="hidden" name="problemIndex" value="${p.problemIndex}"><input type="hidden" name="partKey" value="${escapeHtml(p.partKey)}">
<label class="sr-only" for="m-${s._id.toHexString()}-${p.problemIndex}">Score from 0 to 1</label><input type="number" id="m-${s._id.toHexString()}-${p.problemIndex}" name="score" min="0" max="1" step="0.05" value="1" style="width:5em"> <button type="submit">Grade</button></form></td></tr>`,
      ),
  );
  const body = `<h1>Results: ${escapeHtml(identity.resourceTitle || identity.contextTitle || 'activity')}</h1>
<p><a href="/instructor/preview?${q}">Preview problems with any seed</a> · <a href="/instructor/reconcile?${q}">Compare with the LMS gradebook</a></p>
<section class="card"><table>
<thead><tr><th>Student</th><th>Attempt</th><th>Status</th><th>Submissions</th><th>Last score</th><th>Best score</th><th>Gradebook</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">No student has opened this activity yet.</td></tr>'}</tbody>
</table>${rosterLine}</section>
${timeLimitMinutes ? extraTimeSection({ ltik, timeLimitMinutes, roster: roster.ok ? roster.learners : undefined, learners: [...new Map(learners.map((a) => [a.userId, { userId: a.userId, userName: a.userName }])).values()], granted: grantedExtraTime(settingsDoc) }) : ''}
${awaiting.length ? `<section class="card"><h2>Free-text answers awaiting your grade</h2><table><thead><tr><th>Student</th><th>Part</th><th>Answer</th><th>Score</th></tr></thead><tbody>${awaiting.join('')}</tbody></table></section>` : ''}
<section class="card"><h2>Item statistics</h2><table>
<thead><tr><th>Problem</th><th>Part</th><th>Answered</th><th>Mean score</th><th>Correct</th><th>Most common wrong answers</th></tr></thead>
<tbody>${stats || '<tr><td colspan="6">No submissions yet.</td></tr>'}</tbody></table>
${outliers.length ? `<p><strong>Variants with an outlying mean score</strong> (check them for fairness): ${outliers.map((v) => `${escapeHtml(v.key)}: ${Math.round(v.meanScore * 100)} %`).join('; ')}</p>` : ''}
</section>
<p><a href="/instructor/export.csv?${q}">Download grades and submissions (CSV)</a> · <a href="/instructor/exam?${q}">Print exam variants</a> · <a href="/instructor/regrade?${q}">Regrade a part</a></p>`;
  return layout({ lang, title: 'Results', body });
}

function scoreOfProblem(s: { parts: Array<{ problemIndex: number; points: number; maxPoints: number }> }, index: number): number {
  const parts = s.parts.filter((p) => p.problemIndex === index);
  const max = parts.reduce((a, p) => a + p.maxPoints, 0);
  return max > 0 ? parts.reduce((a, p) => a + p.points, 0) / max : 0;
}
