import type { Types } from 'mongoose';
import { QueuedScoreSchema, type QueuedScore } from '../models/grade-sync.ts';
import { shapeErrorOf } from '../storage-input-error.ts';
import type { Models } from '../models/index.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import {
  batcherPer,
  outcomesOfBulkWrite,
  WriteBatcher,
  writeErrorsByIndex,
  type ItemOutcome,
} from './write-batcher.ts';

/**
 * Puts a submission's score in the outbox once. `$setOnInsert` + the unique index on submissionId
 * make it idempotent: a second call (client retry, repair after a crash) changes nothing, and never
 * resets a record the worker has already sent or is sending.
 */
export async function queueScore(
  models: Models,
  submissionId: Types.ObjectId,
  score: QueuedScore,
  now = new Date(),
): Promise<void> {
  const checked = QueuedScoreSchema.safeParse(pickQueuedScore(score));
  if (!checked.success) throw shapeErrorOf(checked.error, { at: ['gradeSync'], whole: 'gradeSync' });
  await queueCheckedScore(models, submissionId, checked.data, now);
  // Queued late (a retried request, the repair after a crash): a newer score may be waiting already.
  await supersedeIfOutdated(models, submissionId, checked.data);
}

/**
 * queueScore for a score QueuedScoreSchema has just accepted, with exactly its fields: the
 * `gradeSync` of a submission recordSubmission checked and stored a moment ago (checking it
 * again was work done twice on every submit).
 */
export async function queueCheckedScore(
  models: Models,
  submissionId: Types.ObjectId,
  score: QueuedScore,
  now = new Date(),
): Promise<void> {
  await scoreUpserts(models).write({
    submissionId,
    score,
    $setOnInsert: { ...score, submissionId, status: 'pending', tries: 0, nextAttemptAt: now },
  });
}

/**
 * A student has one score in the gradebook: each queued record carries their whole policy score
 * (scoring.ts), so a newer record makes the older ones waiting to be sent wrong, not just old. They
 * are marked superseded and never sent; an older score sent after a newer one would overwrite it.
 * (One already being sent finishes; its older timestamp tells the LMS it is not the latest.)
 */
function supersedeOlder(submissionId: Types.ObjectId, score: QueuedScore) {
  return {
    updateMany: {
      filter: {
        ...sameGradebookCell(score),
        status: 'pending',
        submissionId: { $ne: submissionId },
        timestamp: { $lte: score.timestamp },
      },
      update: { $set: { status: 'superseded' } },
    },
  };
}

/** This record itself is superseded when a newer score of the student was queued before it. */
async function supersedeIfOutdated(models: Models, submissionId: Types.ObjectId, score: QueuedScore): Promise<void> {
  const newer = await models.GradeSync.collection.findOne(
    { ...sameGradebookCell(score), submissionId: { $ne: submissionId }, timestamp: { $gt: score.timestamp } },
    { projection: { _id: 1 } },
  );
  if (newer)
    await models.GradeSync.collection.updateOne(
      { submissionId, status: 'pending' },
      { $set: { status: 'superseded' } },
    );
}

/**
 * The cell of the LMS gradebook a score goes to: one student in one line item of one activity, the
 * registration's client id included (activity-key.ts: another registration may share the other ids).
 */
function sameGradebookCell(score: QueuedScore) {
  return {
    platformIssuer: score.platformIssuer,
    clientId: score.clientId,
    contextId: score.contextId,
    resourceLinkId: score.resourceLinkId,
    userId: score.userId,
    lineItemUrl: score.lineItemUrl,
  };
}

type ScoreUpsert = { submissionId: Types.ObjectId; score: QueuedScore; $setOnInsert: Record<string, unknown> };

const upsertOf = (u: ScoreUpsert) => ({
  updateOne: { filter: { submissionId: u.submissionId }, update: { $setOnInsert: u.$setOnInsert }, upsert: true },
});

/**
 * Written together with the other scores queued at the same moment (see WriteBatcher), in one
 * command whatever their number: the records, then each one's supersedeOlder, ordered, so every
 * score of the batch is in the outbox before any marks the older ones superseded (two scores of
 * one student in one batch: the older is marked too), and one journal sync (one round trip a
 * submit waits for) covers both. To the collection itself: the record is checked
 * (QueuedScoreSchema) and typed already, and mongoose's bulkWrite would cast every field again.
 *
 * An ordered command stops at its first refused item; every step is idempotent ($setOnInsert, a
 * mark of older pending records), so the batch is then written again the careful way
 * (scoreUpsertsOneByKind), which tells each caller its own outcome.
 */
const scoreUpserts = batcherPer(
  (models: Models) =>
    new WriteBatcher<ScoreUpsert, undefined>(async (upserts) => {
      try {
        await models.GradeSync.collection.bulkWrite(
          [...upserts.map(upsertOf), ...upserts.map((u) => supersedeOlder(u.submissionId, u.score))],
          { ordered: true },
        );
        return upserts.map(() => ({ ok: true, value: undefined }));
      } catch (error) {
        // A failure of the command as a whole (no item named) fails the batch, as any write's does.
        if (!writeErrorsByIndex(error)) throw error;
        return scoreUpsertsOneByKind(models, upserts);
      }
    }),
);

/**
 * The same writes in two unordered commands (the records, then the supersede marks of those in
 * the outbox), each item with its own outcome: two upserts of one key at once (a retry and the
 * repair) make the loser's E11000, which means the record exists, so it is done.
 */
async function scoreUpsertsOneByKind(models: Models, upserts: ScoreUpsert[]): Promise<Array<ItemOutcome<undefined>>> {
  const queued = await outcomesOfBulkWrite(
    upserts,
    () => models.GradeSync.collection.bulkWrite(upserts.map(upsertOf), { ordered: false }),
    isDuplicateKey,
  );
  const inOutbox = upserts.filter((_, i) => queued[i]?.ok);
  if (inOutbox.length === 0) return queued;
  const superseded = await outcomesOfBulkWrite(inOutbox, () =>
    models.GradeSync.collection.bulkWrite(
      inOutbox.map((u) => supersedeOlder(u.submissionId, u.score)),
      { ordered: false },
    ),
  );
  let next = 0;
  return queued.map((outcome) => (outcome.ok ? (superseded[next++] ?? outcome) : outcome));
}

/** Only the QueuedScore fields (a lean sub-document may carry more, e.g. mongoose internals). */
function pickQueuedScore(s: QueuedScore): QueuedScore {
  return {
    attemptId: s.attemptId,
    platformIssuer: s.platformIssuer,
    ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}),
    clientId: s.clientId,
    contextId: s.contextId,
    resourceLinkId: s.resourceLinkId,
    userId: s.userId,
    lineItemUrl: s.lineItemUrl,
    scoreGiven: s.scoreGiven,
    scoreMaximum: s.scoreMaximum,
    activityProgress: s.activityProgress,
    gradingProgress: s.gradingProgress,
    timestamp: s.timestamp,
  };
}
