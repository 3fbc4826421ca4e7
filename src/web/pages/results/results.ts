import { activityKeyOf, type LaunchIdentity } from '../../../activity/launch-identity.ts';
import type { Lang } from '../../../engine/template.ts';
import type { Models } from '../../../store/models/index.ts';
import { selectAttemptsOfActivity } from '../../../store/repositories/attempts.ts';
import { selectGradeSyncOfActivity } from '../../../store/repositories/grade-sync.ts';
import { selectSubmissionsOfActivity } from '../../../store/repositories/submissions.ts';
import { grantedExtraTime, selectActivitySettings } from '../../../store/repositories/activity-settings.ts';
import type { CourseRoster } from '../../../lti/course-roster.ts';
import type { ActivitySettings } from '../../../activity/activity-settings.ts';
import { studentGradebookScore } from '../../../activity/student-score.ts';
import {
  attemptsByStudent,
  currentVersions,
  isStudentSubmission,
  submissionsByStudent,
} from '../../../activity/submission-versions.ts';
import { partStatistics, readableParams, variantStatistics } from '../../../activity/item-statistics.ts';
import { problemScoresOf } from '../../../grading/scoring.ts';
import type { AttemptDoc } from '../../../store/models/attempt.ts';
import type { GradeSyncDoc } from '../../../store/models/grade-sync.ts';
import type { SubmissionDoc } from '../../../store/models/submission.ts';
import type { QueueEntry } from './grading-queue-section.html.ts';
import type { ItemStatisticsModel } from './item-statistics-section.html.ts';
import { renderResultsPage as renderResultsView, type ResultsPageModel, type ResultsRow } from './results.html.ts';

export interface ResultsPageInput {
  models: Models;
  identity: LaunchIdentity;
  ltik: string;
  lang: Lang;
  settings: ActivitySettings;
  /** Asked of the LMS by the caller, so it is on its way while the tool's own records are read. */
  roster: Promise<CourseRoster>;
}

/** The instructor's view of one activity: reads the activity's records and renders the results page. */
export async function renderResultsPage(input: ResultsPageInput): Promise<string> {
  const key = activityKeyOf(input.identity);
  const [attempts, submissions, syncs, settingsDoc, roster] = await Promise.all([
    selectAttemptsOfActivity(input.models, key),
    selectSubmissionsOfActivity(input.models, key),
    selectGradeSyncOfActivity(input.models, key),
    selectActivitySettings(input.models, key),
    input.roster,
  ]);
  return renderResultsView(
    resultsPageModel({
      ...input,
      attempts,
      submissions,
      syncs,
      granted: grantedExtraTime(settingsDoc),
      roster,
    }),
  );
}

/** What the results page shows, from the activity's records (pure: the numbers come from scoring and statistics). */
export function resultsPageModel({
  identity,
  ltik,
  lang,
  settings,
  attempts,
  submissions,
  syncs,
  granted,
  roster,
}: Omit<ResultsPageInput, 'models' | 'roster'> & {
  attempts: readonly AttemptDoc[];
  submissions: readonly SubmissionDoc[];
  syncs: readonly GradeSyncDoc[];
  granted: Array<{ userId: string; minutes: number }>;
  roster: CourseRoster;
}): ResultsPageModel {
  const learners = attempts.filter((a) => !a.isStaff);
  const current = currentVersions([...submissions]);
  const rosterNames = new Map(roster.ok ? roster.learners.map((r) => [r.userId, r.userName]) : []);
  const nameOf = (a: AttemptDoc) => rosterNames.get(a.userId) || a.userName || a.userId;
  const byUser = attemptsByStudent(learners);
  const submissionsOf = submissionsByStudent(learners, submissions);
  const handedIn = new Map<string, number>();
  for (const s of submissions)
    if (isStudentSubmission(s))
      handedIn.set(s.attemptId.toHexString(), (handedIn.get(s.attemptId.toHexString()) ?? 0) + 1);
  // What the gradebook holds for each student: the policy over their attempts (scoring.ts), and the
  // outbox record that carries it (the newest queued).
  const counted = new Map(
    [...byUser].map(([userId, own]) => [
      userId,
      studentGradebookScore(settings.scorePolicy, own, submissionsOf.get(userId) ?? []),
    ]),
  );
  const newestSync = new Map<string, GradeSyncDoc>();
  for (const sync of syncs) if (sync.status !== 'superseded') newestSync.set(sync.userId, sync);
  const rows = learners.map((a): ResultsRow => {
    const graded = current.get(a._id.toHexString());
    const counts = counted.get(a.userId)?.attemptNumber === a.attemptNumber;
    const sync = counts ? newestSync.get(a.userId) : undefined;
    return {
      attemptId: a._id.toHexString(),
      userId: a.userId,
      name: nameOf(a),
      attemptNumber: a.attemptNumber,
      status: a.status,
      submissions: handedIn.get(a._id.toHexString()) ?? 0,
      ...(graded
        ? {
            score: {
              points: graded.points,
              maxPoints: graded.maxPoints,
              fraction: graded.scoreFraction,
              pendingManual: graded.pendingManual,
            },
          }
        : {}),
      counts,
      ...(sync
        ? {
            sync: {
              id: sync._id.toHexString(),
              status: sync.status,
              scoreGiven: sync.scoreGiven,
              scoreMaximum: sync.scoreMaximum,
              pendingManual: sync.gradingProgress === 'PendingManual',
              ...(sync.lastError ? { lastError: sync.lastError } : {}),
            },
          }
        : {}),
    };
  });
  // Each learner attempt's current graded version is what counts for the statistics and the queue.
  const latest = learners.flatMap((a) => {
    const s = current.get(a._id.toHexString());
    return s ? [{ attempt: a, submission: s }] : [];
  });
  const queue = latest.flatMap(({ attempt, submission }) =>
    submission.parts
      .filter((p) => p.pendingManual)
      .map((p): QueueEntry => ({
        submissionId: submission._id.toHexString(),
        userId: attempt.userId,
        userName: nameOf(attempt),
        attemptNumber: attempt.attemptNumber,
        problemIndex: p.problemIndex,
        partKey: p.partKey,
        raw: p.raw,
        unreadable: p.unreadable ?? false,
        ...(p.parsed.error !== undefined ? { error: p.parsed.error } : {}),
        bonus: p.bonus ?? false,
        maxPoints: p.maxPoints,
      })),
  );
  const learnersKnown = [
    ...new Map(learners.map((a) => [a.userId, { userId: a.userId, userName: a.userName }])).values(),
  ];
  return {
    lang,
    ltik,
    title: identity.resourceTitle || identity.contextTitle || 'activity',
    scorePolicy: settings.scorePolicy,
    rows,
    roster: roster.ok
      ? {
          ok: true,
          notOpened: roster.learners.filter((r) => !byUser.has(r.userId)).map((r) => r.userName),
          enrolled: roster.learners.length,
          truncated: roster.truncated,
        }
      : { ok: false, reason: roster.reason },
    ...(settings.timeLimitMinutes
      ? {
          extraTime: {
            timeLimitMinutes: settings.timeLimitMinutes,
            ...(roster.ok ? { roster: roster.learners } : {}),
            learners: learnersKnown,
            granted,
          },
        }
      : {}),
    queue,
    statistics: itemStatistics(
      latest,
      [...counted.values()].flatMap((c) => (c && c.scoreMaximum > 0 ? [c.scoreGiven / c.scoreMaximum] : [])),
    ),
  };
}

/** Per part and per variant, over each learner attempt's current graded version. */
function itemStatistics(
  graded: ReadonlyArray<{ attempt: AttemptDoc; submission: SubmissionDoc }>,
  gradebookScores: number[],
): ItemStatisticsModel {
  const parts = partStatistics(
    graded.map(({ submission }) => ({ parts: submission.parts, points: submission.points })),
  );
  const byVariant = variantStatistics(
    graded.flatMap(({ attempt, submission }) => {
      const problems = problemScoresOf(
        attempt.problems.map((p) => p.points),
        submission.parts,
      );
      return attempt.problems.map((p, i) => {
        const label = p.label ? `variant ${p.label}` : readableParams(p.params);
        const score = problems[i] && problems[i].maxPoints > 0 ? problems[i].points / problems[i].maxPoints : 0;
        return {
          problemIndex: i,
          variantKey: p.label ?? JSON.stringify(p.params),
          label: `${p.templateId}, ${label}`,
          score,
        };
      });
    }),
  );
  return { parts, outliers: byVariant.filter((v) => v.outlier), gradebookScores };
}
