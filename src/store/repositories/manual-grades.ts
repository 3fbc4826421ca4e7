import mongoose from 'mongoose';
import type { Models } from '../models/index.ts';
import type { SubmissionDoc } from '../models/submission.ts';

/**
 * The instructor's score for a free-text part. The typed answer stays as submitted; the part gains
 * its manual score, the totals are recomputed, and the submission's gradebook record is re-queued
 * as FullyGraded once no part waits any more.
 */
export async function recordManualGrade(
  models: Models,
  args: { unsafeSubmissionId: string; resourceLinkId: string; problemIndex: number; partKey: string; score: number; problemPoints: number[] },
): Promise<SubmissionDoc | null> {
  if (!mongoose.Types.ObjectId.isValid(args.unsafeSubmissionId)) return null;
  const submission = await models.Submission.findOne({ _id: new mongoose.Types.ObjectId(args.unsafeSubmissionId), resourceLinkId: args.resourceLinkId }).lean<SubmissionDoc>();
  if (!submission) return null;
  const part = submission.parts.find((p) => p.problemIndex === args.problemIndex && p.partKey === args.partKey);
  if (!part || (!part.pendingManual && part.manualScore === undefined)) return null;
  part.manualScore = args.score;
  part.score = args.score;
  part.points = args.score * part.maxPoints;
  part.pendingManual = false;
  // Free text is graded on top of the automatic parts of its problem: a bonus capped at the problem's points.
  const perProblem = args.problemPoints.map((points, i) => {
    const parts = submission.parts.filter((p) => p.problemIndex === i);
    const auto = parts.filter((p) => p.manualScore === undefined);
    const autoMax = auto.reduce((a, p) => a + p.maxPoints, 0);
    const fraction = autoMax > 0 ? auto.reduce((a, p) => a + p.points, 0) / autoMax : 0;
    const bonus = parts.filter((p) => p.manualScore !== undefined).reduce((a, p) => a + p.points, 0) / Math.max(autoMax, 1);
    return Math.min(1, fraction + bonus) * points;
  });
  const maxPoints = args.problemPoints.reduce((a, b) => a + b, 0);
  const points = Math.round(perProblem.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
  const pendingManual = submission.parts.some((p) => p.pendingManual);
  // runValidators: the parts are checked on this write as on the insert.
  await models.Submission.updateOne({ _id: submission._id }, { $set: { parts: submission.parts, points, scoreFraction: maxPoints > 0 ? points / maxPoints : 0, pendingManual } }, { runValidators: true });
  await models.GradeSync.updateOne(
    { submissionId: submission._id },
    { $set: { scoreGiven: points, gradingProgress: pendingManual ? 'PendingManual' : 'FullyGraded', status: 'pending', nextAttemptAt: new Date(), tries: 0, timestamp: new Date() }, $unset: { lastError: '' } },
  );
  return models.Submission.findById(submission._id).lean<SubmissionDoc>();
}
