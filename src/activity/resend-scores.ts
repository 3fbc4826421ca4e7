import type { ActivityKey } from '../store/models/activity-key.ts';
import type { GradeSyncDoc } from '../store/models/grade-sync.ts';
import type { Models } from '../store/models/index.ts';
import { selectAttemptsOfActivity } from '../store/repositories/attempts.ts';
import { resendGradeSync } from '../store/repositories/grade-sync.ts';
import {
  requeueGradeSync,
  selectNewestGradeSyncByUser,
  setRecomputedScore,
} from '../store/repositories/latest-scores.ts';
import { selectSubmissionsOfActivity } from '../store/repositories/submissions.ts';
import type { ActivitySettings } from './activity-settings.ts';
import type { GradebookScore } from '../grading/scoring.ts';
import { attemptsByStudent, submissionsByStudent } from './submission-versions.ts';
import { studentGradebookScore } from './student-score.ts';

/** One student's score as the tool holds it now (scoring.ts over their stored submissions), and the record that sends it. */
export interface ToolScore {
  userId: string;
  syncId: string;
  record: GradeSyncDoc;
  score: GradebookScore;
}

/** Every learner's gradebook score, recomputed from the stored submissions, with their newest outbox record. */
export async function selectToolScores(
  models: Models,
  key: ActivityKey,
  settings: Pick<ActivitySettings, 'scorePolicy'>,
): Promise<ToolScore[]> {
  const [attempts, submissions, newest] = await Promise.all([
    selectAttemptsOfActivity(models, key),
    selectSubmissionsOfActivity(models, key),
    selectNewestGradeSyncByUser(models, key),
  ]);
  const learners = attempts.filter((a) => !a.isStaff);
  const byUser = attemptsByStudent(learners);
  const submissionsOf = submissionsByStudent(learners, submissions);
  const out: ToolScore[] = [];
  for (const [userId, record] of newest) {
    const score = studentGradebookScore(
      settings.scorePolicy,
      byUser.get(userId) ?? [],
      submissionsOf.get(userId) ?? [],
    );
    if (score) out.push({ userId, syncId: record._id.toHexString(), record, score });
  }
  return out;
}

const recomputed = (s: GradebookScore) => ({
  scoreGiven: s.scoreGiven,
  scoreMaximum: s.scoreMaximum,
  gradingProgress: s.pendingManual ? ('PendingManual' as const) : ('FullyGraded' as const),
});

/** The instructor's "resend" of a student's gradebook score: the score recomputed now, on the student's newest record. */
export async function resendStudentScore(
  models: Models,
  key: ActivityKey,
  settings: Pick<ActivitySettings, 'scorePolicy'>,
  unsafeSyncId: string,
  now = new Date(),
): Promise<boolean> {
  const held = (await selectToolScores(models, key, settings)).find((t) => t.syncId === unsafeSyncId);
  if (!held) return false;
  await setRecomputedScore(models, held.record._id, key, recomputed(held.score), now);
  return resendGradeSync(models, held.syncId, key, now);
}

/** Reconciliation's "resend the differences": each student's recomputed score, queued again. */
export async function resendToolScores(
  models: Models,
  key: ActivityKey,
  scores: readonly ToolScore[],
  now = new Date(),
): Promise<number> {
  for (const t of scores) await setRecomputedScore(models, t.record._id, key, recomputed(t.score), now);
  return requeueGradeSync(
    models,
    key,
    scores.map((t) => t.syncId),
  );
}
