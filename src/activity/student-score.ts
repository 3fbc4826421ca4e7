import type { Types } from 'mongoose';
import type { QueuedScore } from '../store/models/grade-sync.ts';
import type { AttemptDoc } from '../store/models/attempt.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';
import { currentVersions } from './submission-versions.ts';
import { policyScore, type AttemptResult, type GradebookScore, type ScorePolicy } from '../grading/scoring.ts';

/** Each attempt's current graded version as the policy reads it; attempts without a submission are left out. */
export function attemptResults(
  attempts: ReadonlyArray<Pick<AttemptDoc, '_id' | 'attemptNumber'>>,
  submissions: readonly SubmissionDoc[],
): AttemptResult[] {
  const current = currentVersions(submissions);
  return attempts.flatMap((a) => {
    const s = current.get(a._id.toHexString());
    return s
      ? [
          {
            attemptNumber: a.attemptNumber,
            points: s.points,
            maxPoints: s.maxPoints,
            scoreFraction: s.scoreFraction,
            pendingManual: s.pendingManual,
          },
        ]
      : [];
  });
}

/** The student's gradebook score from their attempts and every stored version of their submissions. */
export function studentGradebookScore(
  policy: ScorePolicy,
  attempts: ReadonlyArray<Pick<AttemptDoc, '_id' | 'attemptNumber'>>,
  submissions: readonly SubmissionDoc[],
): GradebookScore | undefined {
  return policyScore(policy, attemptResults(attempts, submissions));
}

/** The outbox record of a policy score, to the destination of an earlier one. */
export function queuedPolicyScore(
  destination: QueuedScore,
  score: GradebookScore,
  attemptId: Types.ObjectId,
  now: Date,
): QueuedScore {
  return {
    attemptId,
    platformIssuer: destination.platformIssuer,
    ...(destination.deploymentId ? { deploymentId: destination.deploymentId } : {}),
    clientId: destination.clientId,
    contextId: destination.contextId,
    resourceLinkId: destination.resourceLinkId,
    userId: destination.userId,
    lineItemUrl: destination.lineItemUrl,
    scoreGiven: score.scoreGiven,
    scoreMaximum: score.scoreMaximum,
    activityProgress: 'Completed',
    gradingProgress: score.pendingManual ? 'PendingManual' : 'FullyGraded',
    timestamp: now,
  };
}
