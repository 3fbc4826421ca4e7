import { Types } from 'mongoose';
import type { ResourceLinkKey } from '../models/activity-settings.ts';
import type { AttemptDoc } from '../models/attempt.ts';
import type { Models } from '../models/index.ts';

export type NewAttempt = Omit<AttemptDoc, '_id' | 'status' | 'draft' | 'bestScore' | 'lastScore' | 'closedAt'>;

const isDuplicateKey = (error: unknown): boolean => (error as { code?: number } | null)?.code === 11000;

/** Creates the attempt, or returns the one a concurrent request created first (unique index). */
export async function createOrGetAttempt(models: Models, attempt: NewAttempt): Promise<AttemptDoc> {
  try {
    return (await models.Attempt.create({ ...attempt, status: 'open', draft: {} })).toObject();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await models.Attempt.findOne({ ...linkFilter(attempt), userId: attempt.userId, attemptNumber: attempt.attemptNumber }).lean<AttemptDoc>();
    if (!existing) throw error;
    return existing;
  }
}

export function linkFilter(key: ResourceLinkKey): ResourceLinkKey {
  return { platformIssuer: key.platformIssuer, deploymentId: key.deploymentId, contextId: key.contextId, resourceLinkId: key.resourceLinkId };
}

export async function selectAttemptsForUser(models: Models, key: ResourceLinkKey, userId: string): Promise<AttemptDoc[]> {
  return models.Attempt.find({ ...linkFilter(key), userId }).sort({ attemptNumber: 1 }).lean<AttemptDoc[]>();
}

/** An attempt by id only if it belongs to this user: ids from requests are not trusted. */
export async function selectOwnedAttempt(models: Models, unsafeAttemptId: string, userId: string, key: ResourceLinkKey): Promise<AttemptDoc | null> {
  if (!Types.ObjectId.isValid(unsafeAttemptId)) return null;
  return models.Attempt.findOne({ _id: new Types.ObjectId(unsafeAttemptId), userId, ...linkFilter(key) }).lean<AttemptDoc>();
}

export async function selectAttemptsForResourceLink(models: Models, key: ResourceLinkKey): Promise<AttemptDoc[]> {
  return models.Attempt.find(linkFilter(key)).sort({ startedAt: 1 }).lean<AttemptDoc[]>();
}

export async function saveDraft(models: Models, attemptId: Types.ObjectId, draft: Record<string, string>): Promise<void> {
  await models.Attempt.updateOne({ _id: attemptId, status: 'open' }, { $set: { draft } });
}

export async function recordAttemptScore(models: Models, attemptId: Types.ObjectId, score: number, close: boolean): Promise<void> {
  const attempt = await models.Attempt.findById(attemptId).lean<AttemptDoc>();
  const best = Math.max(attempt?.bestScore ?? 0, score);
  await models.Attempt.updateOne(
    { _id: attemptId },
    { $set: { lastScore: score, bestScore: best, ...(close ? { status: 'submitted', closedAt: new Date() } : {}) } },
  );
}
