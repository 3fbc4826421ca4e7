import mongoose, { Types } from 'mongoose';
import type { GradeSyncJob, GradeSyncQueue } from '../../lti/grade-sync-worker.ts';
import type { GradeSyncDoc } from '../models/grade-sync.ts';
import type { Models } from '../models/index.ts';

/**
 * Leases the next due record to `owner`: one atomic findOneAndUpdate, so of many concurrent
 * claimers (several app instances) exactly one gets each record. Due = pending and
 * nextAttemptAt <= now, or "sending" whose lease expired (its worker crashed or hung).
 * Oldest due first.
 */
export async function claimNextGradeSync(models: Models, owner: string, leaseMs: number, now: Date): Promise<GradeSyncDoc | null> {
  return models.GradeSync.findOneAndUpdate(
    // Our own operators, marked trusted: the global sanitizeFilter would neutralise them.
    {
      nextAttemptAt: mongoose.trusted({ $lte: now }),
      $or: [{ status: 'pending' }, { status: 'sending', leaseUntil: mongoose.trusted({ $lte: now }) }],
    },
    { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
    { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
  ).lean<GradeSyncDoc>();
}

// The mark* functions only act while `owner` still holds the lease: a worker whose lease expired
// (and whose record another worker re-claimed) must not overwrite that worker's outcome.
// Each returns whether it changed the record.

export async function markGradeSyncSent(models: Models, id: Types.ObjectId, owner: string, now: Date): Promise<boolean> {
  const r = await models.GradeSync.updateOne(
    { _id: id, status: 'sending', leaseOwner: owner },
    { $set: { status: 'sent', sentAt: now }, $unset: { lastError: '', leaseUntil: '' }, $inc: { tries: 1 } },
  );
  return r.modifiedCount === 1;
}

/** A passing failure (5xx, 429, network): back to pending, due again at `nextAttemptAt`. */
export async function markGradeSyncRetry(models: Models, id: Types.ObjectId, owner: string, retry: { error: string; status?: number; nextAttemptAt: Date }): Promise<boolean> {
  const r = await models.GradeSync.updateOne(
    { _id: id, status: 'sending', leaseOwner: owner },
    {
      $set: { status: 'pending', nextAttemptAt: retry.nextAttemptAt, lastError: retry.error, ...(retry.status ? { lastStatus: retry.status } : {}) },
      $unset: { leaseUntil: '' },
      $inc: { tries: 1 },
    },
  );
  return r.modifiedCount === 1;
}

/** A final failure (4xx other than 429, or too many tries): kept for the instructor to resend. */
export async function markGradeSyncFailed(models: Models, id: Types.ObjectId, owner: string, reason: string, status?: number): Promise<boolean> {
  const r = await models.GradeSync.updateOne(
    { _id: id, status: 'sending', leaseOwner: owner },
    { $set: { status: 'failed', lastError: reason, ...(status ? { lastStatus: status } : {}) }, $unset: { leaseUntil: '' }, $inc: { tries: 1 } },
  );
  return r.modifiedCount === 1;
}

/** The outbox as the worker (src/lti/grade-sync-worker.ts) sees it: string ids, the functions above. */
export function gradeSyncQueue(models: Models): GradeSyncQueue {
  return {
    async claim(owner, leaseMs, now) {
      const doc = await claimNextGradeSync(models, owner, leaseMs, now);
      return doc ? toJob(doc) : null;
    },
    async markSent(id, owner, now) {
      await markGradeSyncSent(models, new Types.ObjectId(id), owner, now);
    },
    async markRetry(id, owner, r) {
      await markGradeSyncRetry(models, new Types.ObjectId(id), owner, { error: r.reason, ...(r.status ? { status: r.status } : {}), nextAttemptAt: r.nextAttemptAt });
    },
    async markFailed(id, owner, f) {
      await markGradeSyncFailed(models, new Types.ObjectId(id), owner, f.reason, f.status);
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

/**
 * The instructor's "resend": a failed or sent record goes back to the queue now. Only within the
 * instructor's resource link (the id comes from a request). Records being sent are left alone.
 */
export async function resendGradeSync(models: Models, unsafeId: string, resourceLinkId: string, now = new Date()): Promise<boolean> {
  if (!Types.ObjectId.isValid(unsafeId)) return false;
  const r = await models.GradeSync.updateOne(
    { _id: new Types.ObjectId(unsafeId), resourceLinkId, status: mongoose.trusted({ $in: ['failed', 'sent'] }) },
    { $set: { status: 'pending', nextAttemptAt: now, tries: 0 }, $unset: { lastError: '', leaseUntil: '', leaseOwner: '' } },
  );
  return r.modifiedCount === 1;
}
