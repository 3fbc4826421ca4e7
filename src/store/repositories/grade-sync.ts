import mongoose, { Types } from 'mongoose';
import type { GradeSyncJob, GradeSyncQueue } from '../../lti/grade-sync-worker.ts';
import type { GradeSyncDoc } from '../models/grade-sync.ts';
import type { Models } from '../models/index.ts';

/** The outbox as the worker sees it: claims are one atomic findOneAndUpdate with a lease. */
export function gradeSyncQueue(models: Models): GradeSyncQueue {
  return {
    async claim(owner, leaseMs, now) {
      const doc = await models.GradeSync.findOneAndUpdate(
        // Our own operators, marked trusted: the global sanitizeFilter would neutralise them.
        {
          nextAttemptAt: mongoose.trusted({ $lte: now }),
          $or: [{ status: 'pending' }, { status: 'sending', leaseUntil: mongoose.trusted({ $lte: now }) }],
        },
        { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      ).lean<GradeSyncDoc>();
      return doc ? toJob(doc) : null;
    },
    async markSent(id, owner, now) {
      await models.GradeSync.updateOne({ _id: new Types.ObjectId(id), leaseOwner: owner }, { $set: { status: 'sent', sentAt: now }, $unset: { lastError: '', leaseUntil: '' }, $inc: { tries: 1 } });
    },
    async markRetry(id, owner, r) {
      await models.GradeSync.updateOne(
        { _id: new Types.ObjectId(id), leaseOwner: owner },
        { $set: { status: 'pending', nextAttemptAt: r.nextAttemptAt, lastError: r.reason, ...(r.status ? { lastStatus: r.status } : {}) }, $unset: { leaseUntil: '' }, $inc: { tries: 1 } },
      );
    },
    async markFailed(id, owner, f) {
      await models.GradeSync.updateOne(
        { _id: new Types.ObjectId(id), leaseOwner: owner },
        { $set: { status: 'failed', lastError: f.reason, ...(f.status ? { lastStatus: f.status } : {}) }, $unset: { leaseUntil: '' }, $inc: { tries: 1 } },
      );
    },
  };
}

function toJob(doc: GradeSyncDoc): GradeSyncJob {
  return {
    id: doc._id.toHexString(),
    platformIssuer: doc.platformIssuer,
    clientId: doc.clientId,
    userId: doc.userId,
    lineItemUrl: doc.lineItemUrl,
    scoreGiven: doc.scoreGiven,
    scoreMaximum: doc.scoreMaximum,
    activityProgress: doc.activityProgress,
    gradingProgress: doc.gradingProgress,
    timestamp: doc.timestamp,
    tries: doc.tries,
  };
}

export async function selectGradeSyncForResourceLink(models: Models, resourceLinkId: string): Promise<GradeSyncDoc[]> {
  return models.GradeSync.find({ resourceLinkId }).sort({ timestamp: 1 }).lean<GradeSyncDoc[]>();
}

/** The instructor's "resend": a failed (or any) record goes back to the queue now. */
export async function resendGradeSync(models: Models, unsafeId: string, resourceLinkId: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(unsafeId)) return false;
  const r = await models.GradeSync.updateOne(
    { _id: new Types.ObjectId(unsafeId), resourceLinkId, status: mongoose.trusted({ $in: ['failed', 'sent'] }) },
    { $set: { status: 'pending', nextAttemptAt: new Date(), tries: 0 }, $unset: { lastError: '' } },
  );
  return r.modifiedCount === 1;
}
