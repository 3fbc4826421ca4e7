import type { Types } from 'mongoose';
import type { GradeSyncDoc } from '../models/grade-sync.ts';
import type { Models } from '../models/index.ts';
import type { SubmissionDoc } from '../models/submission.ts';
import { assertSafeKeys, assertStorableSize, MAX_RAW_ANSWER, StorageInputError } from '../storage-input-error.ts';

export type NewSubmission = Omit<SubmissionDoc, '_id'>;
export type QueuedScore = Omit<GradeSyncDoc, '_id' | 'submissionId' | 'status' | 'tries' | 'nextAttemptAt'>;

export interface RecordedSubmission {
  submission: SubmissionDoc;
  /** True when this idempotency key had been stored before: nothing new was written. */
  duplicate: boolean;
}

/**
 * Stores the submission and queues its score in one step. Without transactions (a standalone
 * server has none) the two writes are made idempotent instead: the submission is unique per
 * (attempt, idempotency key) and the outbox record unique per submission, so a retry after a crash
 * between them completes the pair rather than duplicating either.
 */
export async function recordSubmission(models: Models, submission: NewSubmission, score?: QueuedScore): Promise<RecordedSubmission> {
  for (const part of submission.parts) {
    if (part.raw.length > MAX_RAW_ANSWER) throw new StorageInputError(`answer ${part.problemIndex + 1}.${part.partKey}: at most ${MAX_RAW_ANSWER} characters`);
  }
  assertSafeKeys(submission.parts, 'parts');
  assertStorableSize(submission, 'submission');
  let stored: SubmissionDoc;
  let duplicate = false;
  try {
    stored = (await models.Submission.create(submission)).toObject();
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    const existing = await models.Submission.findOne({ attemptId: submission.attemptId, idempotencyKey: submission.idempotencyKey }).lean<SubmissionDoc>();
    if (!existing) throw error;
    stored = existing;
    duplicate = true;
  }
  if (score) await queueScore(models, stored._id, score);
  return { submission: stored, duplicate };
}

export async function queueScore(models: Models, submissionId: Types.ObjectId, score: QueuedScore): Promise<void> {
  await models.GradeSync.updateOne(
    { submissionId },
    { $setOnInsert: { ...score, submissionId, status: 'pending', tries: 0, nextAttemptAt: new Date() } },
    { upsert: true },
  );
}

export async function selectSubmissionsForAttempt(models: Models, attemptId: Types.ObjectId): Promise<SubmissionDoc[]> {
  return models.Submission.find({ attemptId }).sort({ submittedAt: 1 }).lean<SubmissionDoc[]>();
}

export async function selectSubmissionsForResourceLink(models: Models, resourceLinkId: string): Promise<SubmissionDoc[]> {
  return models.Submission.find({ resourceLinkId }).sort({ submittedAt: 1 }).lean<SubmissionDoc[]>();
}
