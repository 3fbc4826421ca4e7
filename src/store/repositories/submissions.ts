import mongoose, { Types } from 'mongoose';
import { activityFilter, type ActivityKey } from '../models/activity-key.ts';
import { selectAttemptIdsOfActivity } from './attempts.ts';
import { z } from 'zod';
import type { QueuedScore } from '../models/grade-sync.ts';
import type { Models } from '../models/index.ts';
import { checkNewSubmission, type SubmissionDoc } from '../models/submission.ts';
import { assertSafeKeys, assertStorableSize, shapeErrorOf, StorageInputError } from '../storage-input-error.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import { queueCheckedScore, queueScore } from './queue-score.ts';
import { readLatestSubmission, readSubmittedAttemptIds } from './grouped-reads.ts';
import { insertsInBatches } from './write-batcher.ts';

export type { QueuedScore };
export { queueScore };

/** A submission as the caller builds it; `gradeSync` is the score to send to the LMS, if any. */
export type NewSubmission = Omit<SubmissionDoc, '_id' | 'createdAt'>;

export interface RecordedSubmission {
  submission: SubmissionDoc;
  /** True when this idempotency key had been stored before: nothing new was written. */
  duplicate: boolean;
  /**
   * True when this was a hand-in and its attempt had another one (another key): nothing was
   * written, and `submission` is the hand-in the attempt holds.
   */
  handedInBefore?: true;
}

// Straight to the model's collection (mongoose's connection, the driver, TCP): the documents were
// checked by checkNewSubmission, and mongoose's insertMany would only walk them again.
const submissionInserts = insertsInBatches((models: Models) => models.Submission.collection);

/** Client-supplied (a form field): a bounded string of visible characters, nothing else. */
const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'visible ASCII only');

/**
 * Stores the submission and queues its score "in one step".
 *
 * Transactions need a replica set (and the embedded store has none), so the step is made
 * idempotent instead of atomic:
 * 1. The submission is inserted WITH the score to queue inside it (`gradeSync`): one document,
 *    so one atomic write. The unique index (attemptId, idempotencyKey) turns a double click or a
 *    retried request into E11000; we then return the stored submission with duplicate: true.
 * 2. The outbox record is upserted keyed by the submission id (unique index on submissionId), from
 *    the STORED submission's `gradeSync` (the first write wins, a retry cannot change the score).
 * A crash between 1 and 2 leaves a submission without outbox record: the client's retry (same
 * key) redoes step 2, and repairRecentSubmissions() redoes it for everyone at start and periodically.
 *
 * `score` as a separate argument is the older call form; it is stored as `gradeSync`.
 *
 * `alongsideQueue` is written at the same time as step 2, for a submission this call stored (not
 * for a duplicate): the submit closes the attempt there, so the student waits for one round trip
 * to the store after the insert, not two. Either write may then be the one a crash leaves undone:
 * an attempt left open is finished by the next request of the learner, a retry with the same key
 * queues the score again (finishSubmit), and the repair (submission-repair.ts) does both.
 */
export async function recordSubmission(
  models: Models,
  submission: NewSubmission,
  score?: QueuedScore,
  alongsideQueue?: (stored: SubmissionDoc) => Promise<void>,
): Promise<RecordedSubmission> {
  const parsedKey = IdempotencyKey.safeParse(submission.idempotencyKey);
  if (!parsedKey.success)
    throw new StorageInputError('idempotencyKey', 'shape', parsedKey.error.issues[0]?.message ?? 'invalid');
  const gradeSync = submission.gradeSync ?? score;
  const doc: NewSubmission = { ...submission, ...(gradeSync ? { gradeSync } : {}) };
  assertSafeKeys(doc.parts, 'parts');
  assertStorableSize(doc, 'submission');

  let stored: SubmissionDoc;
  let duplicate = false;
  // The score inside the submission this call checked and inserted (not one read back).
  let checkedScore: QueuedScore | undefined;
  try {
    // Checked here, one by one (a bad one fails alone); written in a batch with the submissions
    // of the same moment (submissionInserts).
    const checked = checkNewSubmission(doc);
    if (!checked.success) throw shapeErrorOf(checked.error, { whole: 'submission' });
    // _id first, where a store keeps it: the embedded store then journals the bytes the driver sent.
    const toStore: SubmissionDoc = { _id: new Types.ObjectId(), ...checked.data, createdAt: new Date() };
    await submissionInserts(models).write(toStore);
    stored = toStore;
    checkedScore = checked.data.gradeSync;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await models.Submission.findOne({
      attemptId: submission.attemptId,
      idempotencyKey: submission.idempotencyKey,
    }).lean<SubmissionDoc>();
    if (existing) {
      stored = existing;
      duplicate = true;
    } else {
      // Not this key: the attempt's one hand-in is another's (a second tab, the clock, a submit a
      // crash interrupted). It is the attempt's; the caller finishes that submit, this one is refused.
      const handIn = doc.handIn
        ? await models.Submission.findOne({ attemptId: submission.attemptId, handIn: true }).lean<SubmissionDoc>()
        : null;
      if (!handIn) throw error;
      return { submission: handIn, duplicate: false, handedInBefore: true };
    }
  }
  // Submissions stored before `gradeSync` was kept fall back to the request's score.
  const toQueue = stored.gradeSync ?? gradeSync;
  const queued = checkedScore
    ? queueCheckedScore(models, stored._id, checkedScore)
    : toQueue
      ? queueScore(models, stored._id, toQueue)
      : Promise.resolve();
  await Promise.all([queued, !duplicate && alongsideQueue ? alongsideQueue(stored) : undefined]);
  return { submission: stored, duplicate };
}

export async function selectSubmissionsForAttempt(models: Models, attemptId: Types.ObjectId): Promise<SubmissionDoc[]> {
  return models.Submission.find({ attemptId }).sort({ submittedAt: 1 }).lean<SubmissionDoc[]>();
}

/**
 * The attempt's latest submission, if it has any (an open attempt normally has none). Read on
 * every request of an open attempt, with the other requests of the moment (grouped-reads.ts).
 */
export async function selectLatestSubmissionForAttempt(
  models: Models,
  attemptId: Types.ObjectId,
): Promise<SubmissionDoc | null> {
  if (!(attemptId instanceof Types.ObjectId)) throw new mongoose.Error.CastError('ObjectId', attemptId, 'attemptId');
  return readLatestSubmission(models, attemptId);
}

/**
 * The ids of the learner's attempts at the resource link that have a submission (grouped-reads.ts):
 * read together with the learner's attempts, so an open attempt's check for an interrupted
 * submit costs no round trip of its own.
 */
export async function selectSubmittedAttemptIds(
  models: Models,
  resourceLinkId: string,
  userId: string,
): Promise<Types.ObjectId[]> {
  return readSubmittedAttemptIds(models, resourceLinkId, userId);
}

/** Every submission and graded version of these attempts (a learner's others, for the score policy). */
export async function selectSubmissionsForAttempts(
  models: Models,
  attemptIds: readonly Types.ObjectId[],
): Promise<SubmissionDoc[]> {
  return models.Submission.find({ attemptId: mongoose.trusted({ $in: [...attemptIds] }) })
    .sort({ submittedAt: 1 })
    .lean<SubmissionDoc[]>();
}

/** Every submission of the activity's attempts (the key selects the attempts; a submission carries its attempt's id). */
export async function selectSubmissionsOfActivity(models: Models, key: ActivityKey): Promise<SubmissionDoc[]> {
  const attemptIds = await selectAttemptIdsOfActivity(models, key);
  if (attemptIds.length === 0) return [];
  return models.Submission.find({
    resourceLinkId: key.resourceLinkId,
    attemptId: mongoose.trusted({ $in: attemptIds }),
  })
    .sort({ submittedAt: 1 })
    .lean<SubmissionDoc[]>();
}

export async function selectOptionalSubmission(
  models: Models,
  submissionId: Types.ObjectId,
): Promise<SubmissionDoc | null> {
  return models.Submission.findById(submissionId).lean<SubmissionDoc>();
}

/** A submission by an id from a request, only if it belongs to this activity (its attempt is one of the activity's). */
export async function selectOptionalSubmissionOfActivity(
  models: Models,
  unsafeSubmissionId: string,
  key: ActivityKey,
): Promise<SubmissionDoc | null> {
  if (!Types.ObjectId.isValid(unsafeSubmissionId)) return null;
  const submission = await models.Submission.findOne({
    _id: new Types.ObjectId(unsafeSubmissionId),
    resourceLinkId: key.resourceLinkId,
  }).lean<SubmissionDoc>();
  if (!submission) return null;
  return (await models.Attempt.countDocuments({ _id: submission.attemptId, ...activityFilter(key) }).limit(1)) > 0
    ? submission
    : null;
}
