import mongoose from 'mongoose';
import type { Models } from '../models/index.ts';

/** The latest queued score of each learner of a resource link, as the tool wants the LMS to hold it. */
export async function selectLatestScores(models: Models, resourceLinkId: string): Promise<Array<{ userId: string; syncId: string; scoreGiven: number; scoreMaximum: number }>> {
  const records = await models.GradeSync.find({ resourceLinkId }).sort({ timestamp: 1 }).lean();
  const latest = new Map<string, (typeof records)[number]>();
  for (const r of records) latest.set(r.userId, r);
  return [...latest.values()].map((r) => ({ userId: r.userId, syncId: r._id.toHexString(), scoreGiven: r.scoreGiven, scoreMaximum: r.scoreMaximum }));
}

/**
 * Puts these records back in the queue now (the reconcile page's one action). A record a worker
 * is sending right now is left alone: its score is on its way, and re-queueing it would let a
 * second worker send it again while the first still holds the lease.
 */
export async function requeueGradeSync(models: Models, resourceLinkId: string, syncIds: string[]): Promise<number> {
  const ids = syncIds.filter((id) => mongoose.Types.ObjectId.isValid(id)).map((id) => new mongoose.Types.ObjectId(id));
  const r = await models.GradeSync.updateMany(
    { _id: mongoose.trusted({ $in: ids }), resourceLinkId, status: mongoose.trusted({ $ne: 'sending' }) },
    { $set: { status: 'pending', nextAttemptAt: new Date(), tries: 0 }, $unset: { lastError: '', leaseUntil: '', leaseOwner: '', claimToken: '' } },
  );
  return r.modifiedCount;
}
