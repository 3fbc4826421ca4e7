import { activityKeyOf, type LaunchIdentity } from '../../activity/launch-identity.ts';
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import type { Models } from '../../store/models/index.ts';
import { selectAttemptsOfActivity } from '../../store/repositories/attempts.ts';
import { selectGradeSyncOfActivity } from '../../store/repositories/grade-sync.ts';
import { selectSubmissionsOfActivity } from '../../store/repositories/submissions.ts';
import { layout } from './layout.ts';
import { formatPercent } from '../components/format-percent.ts';
import { extraTimeSection } from './extra-time-section.ts';
import { grantedExtraTime, selectActivitySettings } from '../../store/repositories/activity-settings.ts';
import type { CourseRoster } from '../../lti/course-roster.ts';
import type { ActivitySettings } from '../../activity/activity-settings.ts';
import { studentGradebookScore } from '../../activity/student-score.ts';
import { currentVersions, isStudentSubmission } from '../../activity/submission-versions.ts';
import type { AttemptDoc } from '../../store/models/attempt.ts';
import type { GradeSyncDoc } from '../../store/models/grade-sync.ts';
import { pointsOf, studentLabel } from '../components/format-points.ts';
import { gradingQueueSection } from './grading-queue-section.ts';
import { itemStatisticsSection } from './item-statistics-section.ts';

/** The instructor's view of one activity: who submitted, scores, and where each grade stands in the LMS. */
export async function renderResultsPage({
  models,
  identity,
  ltik,
  lang,
  settings,
  roster: rosterRead,
}: {
  models: Models;
  identity: LaunchIdentity;
  ltik: string;
  lang: Lang;
  settings: ActivitySettings;
  roster: Promise<CourseRoster>;
}): Promise<string> {
  const { timeLimitMinutes } = settings;
  // The LMS's roster is asked for while the tool's own records are read.
  const [attempts, submissions, syncs, settingsDoc, roster] = await Promise.all([
    selectAttemptsOfActivity(models, activityKeyOf(identity)),
    selectSubmissionsOfActivity(models, activityKeyOf(identity)),
    selectGradeSyncOfActivity(models, activityKeyOf(identity)),
    selectActivitySettings(models, activityKeyOf(identity)),
    rosterRead,
  ]);
  const learners = attempts.filter((a) => !a.isStaff);
  const current = currentVersions(submissions);
  const nameOf = (a: AttemptDoc) =>
    (roster.ok ? roster.learners.find((r) => r.userId === a.userId)?.userName : undefined) || a.userName || a.userId;
  const byUser = new Map<string, AttemptDoc[]>();
  for (const a of learners) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  // What the gradebook holds for each student: the policy over their attempts (scoring.ts), and the
  // outbox record that carries it (the newest queued).
  const counted = new Map(
    [...byUser].map(([userId, own]) => [
      userId,
      studentGradebookScore(
        settings.scorePolicy,
        own,
        submissions.filter((s) => own.some((a) => a._id.equals(s.attemptId))),
      ),
    ]),
  );
  const newestSync = new Map<string, GradeSyncDoc>();
  for (const sync of syncs) if (sync.status !== 'superseded') newestSync.set(sync.userId, sync);
  const rows = learners
    .map((a) => {
      const own = submissions.filter((s) => s.attemptId.equals(a._id));
      const graded = current.get(a._id.toHexString());
      const policy = counted.get(a.userId);
      const counts = policy?.attemptNumber === a.attemptNumber;
      const sync = counts ? newestSync.get(a.userId) : undefined;
      const syncCell = !counts
        ? ''
        : sync
          ? `${escapeHtml(sync.status)} ${pointsOf(sync.scoreGiven, sync.scoreMaximum)}${sync.gradingProgress === 'PendingManual' ? ' <span class="meta">(pending manual grading)</span>' : ''}${sync.lastError ? `<br><span class="meta">${escapeHtml(sync.lastError)}</span>` : ''}${
              sync.status === 'failed' || sync.status === 'sent'
                ? `<form method="post" action="/instructor/resend"><input type="hidden" name="ltik" value="${escapeHtml(ltik)}"><input type="hidden" name="id" value="${sync._id.toHexString()}"><button type="submit">Resend</button></form>`
                : ''
            }`
          : '<span class="meta">none</span>';
      const print = `/instructor/print?attempt=${a._id.toHexString()}&ltik=${encodeURIComponent(ltik)}`;
      const score = graded
        ? `${pointsOf(graded.points, graded.maxPoints)} <span class="meta">(${formatPercent(graded.scoreFraction)})</span>${graded.pendingManual ? ' <span class="meta">awaiting grading</span>' : ''}${counts ? ' <strong title="the score the gradebook holds">counts</strong>' : ''}`
        : '–';
      return `<tr data-attempt="${a._id.toHexString()}"><td>${studentLabel(nameOf(a), a.userId)}</td><td>${a.attemptNumber} <a href="/instructor/attempt?attempt=${a._id.toHexString()}&ltik=${encodeURIComponent(ltik)}">answers</a> · <a href="${print}">print</a> · <a href="${print}&key=1">key</a></td><td>${escapeHtml(a.status)}</td><td class="submissions">${own.filter(isStudentSubmission).length}</td><td>${score}</td><td>${syncCell}</td></tr>`;
    })
    .join('');
  const q = `ltik=${encodeURIComponent(ltik)}`;
  const notOpened = roster.ok ? roster.learners.filter((r) => !learners.some((a) => a.userId === r.userId)) : [];
  const rosterLine = roster.ok
    ? `<p class="meta">${notOpened.length ? `Enrolled, not opened yet (${notOpened.length} of ${roster.learners.length}): ${notOpened.map((r) => escapeHtml(r.userName)).join(', ')}` : `All ${roster.learners.length} enrolled students have opened it.`}${roster.truncated ? ' (The LMS has more members than were read.)' : ''}</p>`
    : `<p class="meta">Course roster not shown: ${escapeHtml(roster.reason)}.</p>`;
  // Each learner attempt's current graded version is what counts for the statistics and the queue.
  const latest = learners.flatMap((a) => {
    const s = current.get(a._id.toHexString());
    return s ? [{ attempt: a, submission: s }] : [];
  });
  const queue = gradingQueueSection(
    latest.map(({ attempt, submission }) => ({
      submission,
      userId: attempt.userId,
      userName: nameOf(attempt),
      attemptNumber: attempt.attemptNumber,
    })),
    ltik,
  );
  const body = `<h1>Results: ${escapeHtml(identity.resourceTitle || identity.contextTitle || 'activity')}</h1>
<p><a href="/instructor/preview?${q}">Preview problems with any seed</a> · <a href="/instructor/reconcile?${q}">Compare with the LMS gradebook</a></p>
<section class="card"><table>
<thead><tr><th>Student</th><th>Attempt</th><th>Status</th><th>Submissions</th><th>Score</th><th>Gradebook (${settings.scorePolicy === 'best' ? 'best attempt' : 'last attempt'})</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">No student has opened this activity yet.</td></tr>'}</tbody>
</table>${rosterLine}</section>
${timeLimitMinutes ? extraTimeSection({ ltik, timeLimitMinutes, roster: roster.ok ? roster.learners : undefined, learners: [...new Map(learners.map((a) => [a.userId, { userId: a.userId, userName: a.userName }])).values()], granted: grantedExtraTime(settingsDoc) }) : ''}
${queue}
${itemStatisticsSection(
  latest,
  [...counted.values()].flatMap((c) => (c && c.scoreMaximum > 0 ? [c.scoreGiven / c.scoreMaximum] : [])),
)}
<p><a href="/instructor/grade-sheet.csv?${q}">Download the grade sheet (CSV, one row per student)</a> · <a href="/instructor/export.csv?${q}">Download every answer (CSV, one row per part)</a> · <a href="/instructor/exam?${q}">Print exam variants</a> · <a href="/instructor/regrade?${q}">Regrade a part</a></p>`;
  return layout({ lang, title: 'Results', body });
}
