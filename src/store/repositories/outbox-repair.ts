import mongoose, { type Types } from 'mongoose';
import type { Models } from '../models/index.ts';
import type { SubmissionDoc } from '../models/submission.ts';
import { queueScore } from './queue-score.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Heals the one gap recordSubmission leaves without transactions: a process that died after
 * storing a submission (which carries its `gradeSync` score) but before upserting the outbox
 * record. Finds such submissions and queues them. Run at worker start.
 *
 * Only recent submissions are scanned (default: the last 7 days): a crash leaves the gap for the
 * submissions made in the moment before it, and scanning all history at every start would grow
 * without bound. Returns how many records it queued.
 */
export async function repairMissingOutbox(models: Models, options: { since?: Date; now?: Date; batchSize?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const since = options.since ?? new Date(now.getTime() - 7 * DAY_MS);
  let repaired = 0;
  let after: Date | undefined;
  let afterIds: Types.ObjectId[] = [];
  // Pages by submittedAt (indexed); the ids at the boundary time are skipped on the next page.
  for (;;) {
    const page = await models.Submission.find(
      {
        submittedAt: mongoose.trusted(after ? { $gte: after } : { $gte: since }),
        _id: mongoose.trusted({ $nin: afterIds }),
        gradeSync: mongoose.trusted({ $exists: true }),
      },
      { _id: 1, submittedAt: 1, gradeSync: 1 },
    )
      .sort({ submittedAt: 1, _id: 1 })
      .limit(batchSize)
      .lean<Array<Pick<SubmissionDoc, '_id' | 'submittedAt' | 'gradeSync'>>>();
    if (page.length === 0) break;
    const queued = await models.GradeSync.find({ submissionId: mongoose.trusted({ $in: page.map((s) => s._id) }) }, { submissionId: 1 }).lean();
    const have = new Set(queued.map((q) => q.submissionId.toHexString()));
    for (const s of page) {
      if (!s.gradeSync || have.has(s._id.toHexString())) continue;
      await queueScore(models, s._id, s.gradeSync, now);
      repaired++;
    }
    if (page.length < batchSize) break;
    const last = page[page.length - 1]?.submittedAt;
    if (!last) break;
    afterIds = (after?.getTime() === last.getTime() ? afterIds : []).concat(page.filter((s) => s.submittedAt.getTime() === last.getTime()).map((s) => s._id));
    after = last;
  }
  return repaired;
}
