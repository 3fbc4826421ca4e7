import mongoose, { Types } from 'mongoose';
import { activityFilter, type ActivityKey } from '../models/activity-key.ts';
import { checkNewAttempt, type AttemptDoc } from '../models/attempt.ts';
import type { Models } from '../models/index.ts';
import { assertSafeKeys, assertStorableSize, shapeErrorOf, StorageInputError } from '../storage-input-error.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import { withoutUndefined } from '../without-undefined.ts';
import { batcherPer, insertsInBatches, outcomesOfBulkWrite, WriteBatcher } from './write-batcher.ts';
import { NotFoundInStoreError } from './not-found.ts';
import { changeHeadlineCounts } from './headline-counts.ts';
import { readAttemptsForUser } from './grouped-reads.ts';

/** What the caller decides; the store fills status, draft and the denormalised templateIds. */
export type NewAttempt = Omit<
  AttemptDoc,
  '_id' | 'status' | 'draft' | 'bestScore' | 'lastScore' | 'closedAt' | 'roles' | 'templateIds' | 'headlinesCounted'
> & { roles?: string[] };

/**
 * Creates the attempt, or returns the one a concurrent request created first. The unique index on
 * (link, userId, attemptNumber) decides the race: the loser gets E11000 and reads the winner's.
 * Its headlines are counted first (headline-counts.ts says why in that order); the loser takes
 * its count back.
 */
export async function createOrGetAttempt(models: Models, attempt: NewAttempt): Promise<AttemptDoc> {
  // params are Mixed snapshots: no "$"/dotted keys, and a sane size, before anything is written.
  assertSafeKeys(
    attempt.problems.map((p) => p.params),
    'problems.params',
  );
  assertStorableSize(attempt, 'attempt');
  // As mongoose stored it: its defaults filled in, the fields given as undefined left out (in the
  // params, a Mixed path, too).
  const checked = checkNewAttempt(
    withoutUndefined({
      ...attempt,
      roles: attempt.roles ?? [],
      templateIds: attempt.problems.map((p) => p.templateId),
      status: 'open',
      draft: {},
      headlinesCounted: true,
    }),
  );
  // Invalid input fails before anything is counted.
  if (!checked.success) throw shapeErrorOf(checked.error, { whole: 'attempt' });
  // Our own id, so a duplicate key from the driver retrying our own insert is told from a rival's.
  const _id = new Types.ObjectId();
  const doc: AttemptDoc = { _id, ...checked.data };
  await changeHeadlineCounts(models, attempt, attempt.problems, 1);
  try {
    await attemptInserts(models).write(doc);
    return doc;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await models.Attempt.findOne({
      ...activityFilter(attempt),
      userId: attempt.userId,
      attemptNumber: attempt.attemptNumber,
    }).lean<AttemptDoc>();
    if (!existing) throw error;
    // Best effort: if taking it back fails, the count stays one too high (a headline looks rarer).
    if (!existing._id.equals(_id))
      await changeHeadlineCounts(models, attempt, attempt.problems, -1).catch(() => undefined);
    return existing;
  }
}

/**
 * The attempts created at the same moment (a class launching) in one insert. Straight to the
 * collection: checkNewAttempt checked them, and mongoose would only walk them again. Each keeps
 * its own outcome: a learner who lost a creation race gets E11000 alone.
 */
const attemptInserts = insertsInBatches((models: Models) => models.Attempt.collection);

/** An attempt by id, or NotFoundInStoreError. */
export async function selectAttempt(models: Models, attemptId: Types.ObjectId): Promise<AttemptDoc> {
  const attempt = await selectOptionalAttempt(models, attemptId);
  if (!attempt) throw new NotFoundInStoreError('attempt', attemptId.toHexString());
  return attempt;
}

export async function selectOptionalAttempt(models: Models, attemptId: Types.ObjectId): Promise<AttemptDoc | null> {
  return models.Attempt.findById(attemptId).lean<AttemptDoc>();
}

/**
 * Every request of a learner's page reads this (a submission too): read with the other requests
 * of the moment (grouped-reads.ts), straight from the collection, as a lean mongoose query returns
 * the same documents; the filter is six strings (checked to be strings, as mongoose's cast does).
 */
export async function selectAttemptsForUser(models: Models, key: ActivityKey, userId: string): Promise<AttemptDoc[]> {
  return readAttemptsForUser(models, key, userId);
}

/** An attempt by id only if it belongs to this user and placement: ids from requests are not trusted. */
export async function selectOwnedAttempt(
  models: Models,
  unsafeAttemptId: string,
  userId: string,
  key: ActivityKey,
): Promise<AttemptDoc | null> {
  if (!Types.ObjectId.isValid(unsafeAttemptId)) return null;
  return models.Attempt.findOne({
    _id: new Types.ObjectId(unsafeAttemptId),
    userId,
    ...activityFilter(key),
  }).lean<AttemptDoc>();
}

/** An attempt by an id from a request, only if it belongs to this placement (any user: staff views). */
export async function selectAttemptOfActivity(
  models: Models,
  unsafeAttemptId: string,
  key: ActivityKey,
): Promise<AttemptDoc | null> {
  if (!Types.ObjectId.isValid(unsafeAttemptId)) return null;
  return models.Attempt.findOne({
    _id: new Types.ObjectId(unsafeAttemptId),
    ...activityFilter(key),
  }).lean<AttemptDoc>();
}

/** The ids of the activity's attempts: what scopes its submissions and grade records (they carry the attempt's id). */
export async function selectAttemptIdsOfActivity(models: Models, key: ActivityKey): Promise<Types.ObjectId[]> {
  return (await models.Attempt.find(activityFilter(key), { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()).map(
    (a) => a._id,
  );
}

export async function selectAttemptsOfActivity(models: Models, key: ActivityKey): Promise<AttemptDoc[]> {
  return models.Attempt.find(activityFilter(key)).sort({ startedAt: 1 }).lean<AttemptDoc[]>();
}

/** Answers saved by "check"; only while the attempt is open (a closed one keeps what it had). */
export async function saveDraft(
  models: Models,
  attemptId: Types.ObjectId,
  draft: Record<string, string>,
  lang?: 'en' | 'cs',
): Promise<void> {
  assertSafeKeys(draft, 'draft');
  assertStorableSize(draft, 'draft');
  await models.Attempt.updateOne(
    { _id: attemptId, status: 'open' },
    { $set: { draft, ...(lang ? { draftLang: lang } : {}) } },
  );
}

/**
 * Stores the attempt's score as graded (a copy for listings; the submissions are the record, and
 * scoring.ts decides what counts).
 */
export async function recordAttemptScore(
  models: Models,
  attemptId: Types.ObjectId,
  score: number,
  close: boolean,
  now = new Date(),
): Promise<void> {
  if (!(score >= 0 && score <= 1))
    throw new StorageInputError('lastScore', 'shape', `a score from 0 to 1, got ${score}`);
  await attemptScoreUpdates(models).write({
    attemptId,
    $set: { lastScore: score, ...(close ? { status: 'submitted', closedAt: now } : {}) },
  });
}

type AttemptScoreUpdate = { attemptId: Types.ObjectId; $set: Record<string, unknown> };

/** Written together with the other scores recorded at the same moment (see WriteBatcher). */
const attemptScoreUpdates = batcherPer(
  (models: Models) =>
    new WriteBatcher<AttemptScoreUpdate, undefined>((updates) =>
      // Typed values built here (ObjectId, numbers, Date), so to the collection without mongoose's recast.
      outcomesOfBulkWrite(updates, () =>
        models.Attempt.collection.bulkWrite(
          updates.map((u) => ({ updateOne: { filter: { _id: u.attemptId }, update: { $set: u.$set } } })),
          { ordered: false },
        ),
      ),
    ),
);

/**
 * Closes an attempt (time over, or the instructor closed it). Only the first close counts: an
 * attempt already submitted or closed keeps its closedAt. Returns the attempt as it is afterwards.
 */
export async function closeAttempt(
  models: Models,
  attemptId: Types.ObjectId,
  now = new Date(),
): Promise<AttemptDoc | null> {
  await models.Attempt.updateOne({ _id: attemptId, status: 'open' }, { $set: { status: 'closed', closedAt: now } });
  return selectOptionalAttempt(models, attemptId);
}

/** Moves an open attempt's deadline (extra time granted while it runs); a closed attempt stays closed. */
export async function setOpenAttemptDeadline(
  models: Models,
  attemptId: Types.ObjectId,
  deadlineAt: Date,
): Promise<boolean> {
  const r = await models.Attempt.updateOne({ _id: attemptId, status: 'open' }, { $set: { deadlineAt } });
  return r.matchedCount === 1;
}

/**
 * Open attempts whose deadline passed before `before` (the deadline sweeper's grace taken off),
 * the longest expired first: the ones nobody came back to close.
 */
export async function selectExpiredOpenAttempts(models: Models, before: Date, limit: number): Promise<AttemptDoc[]> {
  return models.Attempt.find({ status: 'open', deadlineAt: mongoose.trusted({ $lte: before }) })
    .sort({ deadlineAt: 1 })
    .limit(limit)
    .lean<AttemptDoc[]>();
}
