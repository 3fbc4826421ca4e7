import { randomUUID } from 'node:crypto';
import mongoose, { Types, type QueryFilter, type UpdateQuery } from 'mongoose';
import type { GradeSyncDoc } from '../models/grade-sync.ts';
import type { Models } from '../models/index.ts';
import { activityFilter, type ActivityKey } from '../models/activity-key.ts';
import { selectAttemptIdsOfActivity } from './attempts.ts';
import { batcherPer, outcomesOfBulkWrite, WriteBatcher } from './write-batcher.ts';

/**
 * Due = pending and nextAttemptAt <= now, or "sending" whose lease expired (its worker crashed or
 * hung). Our own operators, marked trusted: the global sanitizeFilter would neutralise them. The
 * status condition is also stated as one field, which an index answers (the $or alone is not:
 * the embedded store then tested every record of the outbox, sent ones included, at every claim).
 */
function dueAt(now: Date): QueryFilter<GradeSyncDoc> {
  return {
    status: mongoose.trusted({ $in: ['pending', 'sending'] }),
    nextAttemptAt: mongoose.trusted({ $lte: now }),
    $or: [{ status: 'pending' }, { status: 'sending', leaseUntil: mongoose.trusted({ $lte: now }) }],
  };
}

/** Losing every candidate means other claimers took them; after this many such rounds, give up until the next drain. */
const MAX_LOST_CLAIM_ROUNDS = 8;

/**
 * Leases up to `limit` due records to `owner`, oldest due first, in two commands whatever the
 * number (three when another claimer won some of them), where one findOneAndUpdate per record was
 * a share of the server's CPU for every score while students were submitting. Still exactly one of many concurrent claimers (several app
 * instances) gets each record: the update re-checks "due" on each record atomically, and the read
 * back asks for this call's token, so it returns only what this call won. [] only when nothing is
 * due (or other claimers kept winning).
 */
export async function claimGradeSyncBatch(
  models: Models,
  owner: string,
  leaseMs: number,
  now: Date,
  limit: number,
): Promise<GradeSyncDoc[]> {
  for (let round = 0; round < MAX_LOST_CLAIM_ROUNDS; round++) {
    const candidates = await models.GradeSync.find(dueAt(now))
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<GradeSyncDoc[]>();
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c._id);
    const leased = {
      status: 'sending' as const,
      leaseOwner: owner,
      leaseUntil: new Date(now.getTime() + leaseMs),
      claimToken: randomUUID(),
    };
    const lease = await models.GradeSync.updateMany(
      { _id: mongoose.trusted({ $in: ids }), ...dueAt(now) },
      { $set: leased },
    );
    // Every candidate won (no other claimer, the usual case): each was still due when leased, so
    // none was sent, retried (its tries bumped) or failed since it was read, and a record's score
    // never changes after it is queued: what was read, with the lease, is what is stored now.
    if (lease.modifiedCount === candidates.length) return candidates.map((c) => ({ ...c, ...leased }));
    const { claimToken } = leased;
    // By _id first: the token alone has no index.
    if (lease.modifiedCount > 0)
      return models.GradeSync.find({ _id: mongoose.trusted({ $in: ids }), claimToken })
        .sort({ nextAttemptAt: 1 })
        .lean<GradeSyncDoc[]>();
  }
  return [];
}

// The outcomes below only apply while `owner` still holds the lease: a worker whose lease expired
// (and whose record another worker re-claimed) must not overwrite that worker's outcome.

type LeaseOutcome = { id: Types.ObjectId; owner: string; update: UpdateQuery<GradeSyncDoc> };

/**
 * The worker's sends come back one at a time (a few in flight): the outcomes of the next 10 ms are
 * written in one command rather than one command each. Nobody waits on them but the worker's
 * drain, and a lease lasts far longer.
 */
const OUTCOMES_LINGER_MS = 10;

/**
 * Written together with the other outcomes reported at the same moment (see WriteBatcher): a
 * worker sends several scores at once, and their answers come back close together. To the
 * collection itself, as the outbox's other batched writes: every update is built in this file
 * from typed values (an ObjectId, the status constants, Dates, numbers), so mongoose's casting of
 * each operation would only walk them again, and an update that could not be stored fails the
 * write loudly (a score left "sending" would be sent again once its lease expired).
 */
const leaseOutcomes = batcherPer(
  (models: Models) =>
    new WriteBatcher<LeaseOutcome, undefined>(
      (outcomes) =>
        outcomesOfBulkWrite(outcomes, () =>
          models.GradeSync.collection.bulkWrite(
            outcomes.map((o) => ({
              updateOne: { filter: { _id: o.id, status: 'sending', leaseOwner: o.owner }, update: o.update },
            })),
            { ordered: false },
          ),
        ),
      { lingerMs: OUTCOMES_LINGER_MS },
    ),
);

/** Leaving "sending", a record drops its lease. */
const LEASE_FIELDS = { leaseUntil: '', claimToken: '' } as const;

export async function markGradeSyncSent(models: Models, id: Types.ObjectId, owner: string, now: Date): Promise<void> {
  await leaseOutcomes(models).write({
    id,
    owner,
    update: { $set: { status: 'sent', sentAt: now }, $unset: { lastError: '', ...LEASE_FIELDS }, $inc: { tries: 1 } },
  });
}

/** A passing failure (5xx, 429, network): back to pending, due again at `nextAttemptAt`. */
export async function markGradeSyncRetry(
  models: Models,
  id: Types.ObjectId,
  owner: string,
  retry: { error: string; status?: number; nextAttemptAt: Date },
): Promise<void> {
  await leaseOutcomes(models).write({
    id,
    owner,
    update: {
      $set: {
        status: 'pending',
        nextAttemptAt: retry.nextAttemptAt,
        lastError: retry.error,
        ...(retry.status ? { lastStatus: retry.status } : {}),
      },
      $unset: LEASE_FIELDS,
      $inc: { tries: 1 },
    },
  });
}

/** A final failure (4xx other than 429, or too many tries): kept for the instructor to resend. */
export async function markGradeSyncFailed(
  models: Models,
  id: Types.ObjectId,
  owner: string,
  reason: string,
  status?: number,
): Promise<void> {
  await leaseOutcomes(models).write({
    id,
    owner,
    update: {
      $set: { status: 'failed', lastError: reason, ...(status ? { lastStatus: status } : {}) },
      $unset: LEASE_FIELDS,
      $inc: { tries: 1 },
    },
  });
}

/** Claimed but not sent (the worker is stopping, or the lease got too short to start it): due again at once, no try counted. */
export async function releaseGradeSync(models: Models, id: Types.ObjectId, owner: string): Promise<void> {
  await leaseOutcomes(models).write({ id, owner, update: { $set: { status: 'pending' }, $unset: LEASE_FIELDS } });
}

/** One score waiting to reach the LMS gradebook, as the outbox hands it to the worker. */
export interface GradeSyncJob {
  id: string;
  platformIssuer: string;
  clientId: string;
  userId: string;
  lineItemUrl: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: Date;
  tries: number;
}

export interface GradeSyncQueue {
  /** Atomically leases up to `limit` due jobs to `owner`, oldest due first; [] when none is due. */
  claimBatch(owner: string, leaseMs: number, now: Date, limit: number): Promise<GradeSyncJob[]>;
  /** Gives back leased jobs that were not sent: due again at once, no try counted. */
  release(ids: string[], owner: string): Promise<void>;
  markSent(id: string, owner: string, now: Date): Promise<void>;
  markRetry(id: string, owner: string, retry: { reason: string; status?: number; nextAttemptAt: Date }): Promise<void>;
  markFailed(id: string, owner: string, failure: { reason: string; status?: number }): Promise<void>;
}

/** The outbox as the worker (src/lti/grade-sync-worker.ts) sees it: string ids, the functions above. */
export function gradeSyncQueue(models: Models): GradeSyncQueue {
  return {
    async claimBatch(owner, leaseMs, now, limit) {
      return (await claimGradeSyncBatch(models, owner, leaseMs, now, limit)).map(toJob);
    },
    async release(ids, owner) {
      await Promise.all(ids.map((id) => releaseGradeSync(models, new Types.ObjectId(id), owner)));
    },
    markSent: (id, owner, now) => markGradeSyncSent(models, new Types.ObjectId(id), owner, now),
    markRetry: (id, owner, r) =>
      markGradeSyncRetry(models, new Types.ObjectId(id), owner, {
        error: r.reason,
        ...(r.status ? { status: r.status } : {}),
        nextAttemptAt: r.nextAttemptAt,
      }),
    markFailed: (id, owner, f) => markGradeSyncFailed(models, new Types.ObjectId(id), owner, f.reason, f.status),
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

/** The activity's grade records, oldest first (the key selects the attempts; a record carries its attempt's id). */
export async function selectGradeSyncOfActivity(models: Models, key: ActivityKey): Promise<GradeSyncDoc[]> {
  const attemptIds = await selectAttemptIdsOfActivity(models, key);
  if (attemptIds.length === 0) return [];
  return models.GradeSync.find({ resourceLinkId: key.resourceLinkId, attemptId: mongoose.trusted({ $in: attemptIds }) })
    .sort({ timestamp: 1 })
    .lean<GradeSyncDoc[]>();
}

/** Whether a grade record (its id from a request) belongs to the activity; its id when it does. */
export async function gradeSyncOfActivity(
  models: Models,
  unsafeId: string,
  key: ActivityKey,
): Promise<Types.ObjectId | undefined> {
  if (!Types.ObjectId.isValid(unsafeId)) return undefined;
  const record = await models.GradeSync.findById(new Types.ObjectId(unsafeId), { attemptId: 1 }).lean<
    Pick<GradeSyncDoc, '_id' | 'attemptId'>
  >();
  if (!record) return undefined;
  return (await models.Attempt.countDocuments({ _id: record.attemptId, ...activityFilter(key) }).limit(1)) > 0
    ? record._id
    : undefined;
}

/**
 * The instructor's "resend": a failed or sent record goes back to the queue now. Only within the
 * instructor's resource link (the id comes from a request). Records being sent are left alone.
 */
export async function resendGradeSync(
  models: Models,
  unsafeId: string,
  key: ActivityKey,
  now = new Date(),
): Promise<boolean> {
  const id = await gradeSyncOfActivity(models, unsafeId, key);
  if (!id) return false;
  const r = await models.GradeSync.updateOne(
    { _id: id, status: mongoose.trusted({ $in: ['failed', 'sent'] }) },
    {
      $set: { status: 'pending', nextAttemptAt: now, tries: 0 },
      $unset: { lastError: '', leaseOwner: '', ...LEASE_FIELDS },
    },
  );
  return r.modifiedCount === 1;
}
