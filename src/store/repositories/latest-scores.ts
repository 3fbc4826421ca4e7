import mongoose, { type Types } from 'mongoose';
import type { GradeSyncDoc } from '../models/grade-sync.ts';
import type { Models } from '../models/index.ts';
import type { ActivityKey } from '../models/activity-key.ts';
import { selectAttemptIdsOfActivity } from './attempts.ts';
import { selectGradeSyncOfActivity } from './grade-sync.ts';

/** The newest outbox record of each learner of the activity (superseded ones are never sent, so never newest). */
export async function selectNewestGradeSyncByUser(
  models: Models,
  key: ActivityKey,
): Promise<Map<string, GradeSyncDoc>> {
  const records = (await selectGradeSyncOfActivity(models, key)).filter((r) => r.status !== 'superseded');
  const newest = new Map<string, GradeSyncDoc>();
  for (const r of records) newest.set(r.userId, r);
  return newest;
}

/** The score a record carries, as scoring.ts recomputed it, written before the record is queued again. */
export interface RecomputedScore {
  scoreGiven: number;
  scoreMaximum: number;
  gradingProgress: 'FullyGraded' | 'PendingManual';
}

/**
 * Puts the student's recomputed score into their record (resend and reconciliation send what the
 * tool holds now, not what was queued then). A record being sent is left alone, as below.
 */
export async function setRecomputedScore(
  models: Models,
  syncId: Types.ObjectId,
  key: ActivityKey,
  score: RecomputedScore,
  now = new Date(),
): Promise<void> {
  const attemptIds = await selectAttemptIdsOfActivity(models, key);
  await models.GradeSync.updateOne(
    { _id: syncId, attemptId: mongoose.trusted({ $in: attemptIds }), status: mongoose.trusted({ $ne: 'sending' }) },
    { $set: { ...score, timestamp: now } },
  );
}

/**
 * Puts these records back in the queue now (the reconcile page's one action). A record a worker
 * is sending right now is left alone: its score is on its way, and re-queueing it would let a
 * second worker send it again while the first still holds the lease.
 */
export async function requeueGradeSync(models: Models, key: ActivityKey, syncIds: string[]): Promise<number> {
  const ids = syncIds.filter((id) => mongoose.Types.ObjectId.isValid(id)).map((id) => new mongoose.Types.ObjectId(id));
  const attemptIds = await selectAttemptIdsOfActivity(models, key);
  const r = await models.GradeSync.updateMany(
    {
      _id: mongoose.trusted({ $in: ids }),
      attemptId: mongoose.trusted({ $in: attemptIds }),
      status: mongoose.trusted({ $ne: 'sending' }),
    },
    {
      $set: { status: 'pending', nextAttemptAt: new Date(), tries: 0 },
      $unset: { lastError: '', leaseUntil: '', leaseOwner: '', claimToken: '' },
    },
  );
  return r.modifiedCount;
}
