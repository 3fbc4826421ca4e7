import type { Types } from 'mongoose';
import type { ActivitySettingsDoc } from '../models/activity-settings.ts';
import { activityFilter, type ActivityKey } from '../models/activity-key.ts';
import type { AttemptDoc } from '../models/attempt.ts';
import type { Models } from '../models/index.ts';
import type { SubmissionDoc } from '../models/submission.ts';
import { stringFilter } from './string-filter.ts';
import { batcherPer, WriteBatcher } from './write-batcher.ts';

/**
 * The reads every submission makes, grouped as its writes are (WriteBatcher: the batching works the
 * same for a read): the requests that arrive while one group is being read are read together in
 * the next, one command per activity instead of one per request. At the end of an exam, when a
 * class submits within a minute, the commands a submission needed were most of its server CPU
 * beyond grading. A read joins a group that has not been sent yet, so it still sees every write
 * acknowledged before its request arrived, as a read of its own would; with one request at a time
 * a group of one goes out on the next tick. Nothing is kept after a group is answered.
 */
const keyOf = (key: ActivityKey) => JSON.stringify(activityFilter(key));

function byActivity<T extends { key: ActivityKey }>(reads: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const read of reads) {
    const k = keyOf(read.key);
    const group = groups.get(k);
    if (group) group.push(read);
    else groups.set(k, [read]);
  }
  return groups;
}

type AttemptsRead = { key: ActivityKey; userId: string };

const attemptsReads = batcherPer(
  (models: Models) =>
    new WriteBatcher<AttemptsRead, AttemptDoc[]>(async (reads) => {
      const found = new Map<string, AttemptDoc[]>();
      await Promise.all(
        [...byActivity(reads)].map(async ([k, group]) => {
          const users = [...new Set(group.map((r) => r.userId))];
          const docs = await models.Attempt.collection
            .find<AttemptDoc>(
              {
                ...activityFilter(group[0]?.key as ActivityKey),
                userId: users.length === 1 ? users[0] : { $in: users },
              },
              { sort: { attemptNumber: 1 } },
            )
            .toArray();
          for (const doc of docs) {
            const at = `${k}\u0000${doc.userId}`;
            const theirs = found.get(at);
            if (theirs) theirs.push(doc);
            else found.set(at, [doc]);
          }
        }),
      );
      return reads.map((r) => ({ ok: true, value: [...(found.get(`${keyOf(r.key)}\u0000${r.userId}`) ?? [])] }));
    }),
);

/** The learner's attempts at the activity, oldest first (selectAttemptsForUser). */
export function readAttemptsForUser(models: Models, key: ActivityKey, userId: string): Promise<AttemptDoc[]> {
  // Checked here, so a value that is not a string fails its own caller, never the group.
  stringFilter({ ...activityFilter(key), userId });
  return attemptsReads(models).write({ key, userId });
}

const latestSubmissionReads = batcherPer(
  (models: Models) =>
    new WriteBatcher<Types.ObjectId, SubmissionDoc | null>(async (attemptIds) => {
      const docs = await models.Submission.collection
        .find<SubmissionDoc>(
          { attemptId: attemptIds.length === 1 ? attemptIds[0] : { $in: attemptIds } },
          { sort: { submittedAt: -1 } },
        )
        .toArray();
      const latest = new Map<string, SubmissionDoc>();
      // Newest first: the first seen of each attempt is its latest.
      for (const doc of docs)
        if (!latest.has(doc.attemptId.toHexString())) latest.set(doc.attemptId.toHexString(), doc);
      return attemptIds.map((id) => ({ ok: true, value: latest.get(id.toHexString()) ?? null }));
    }),
);

/** The attempt's latest submission, if any (selectLatestSubmissionForAttempt). */
export function readLatestSubmission(models: Models, attemptId: Types.ObjectId): Promise<SubmissionDoc | null> {
  return latestSubmissionReads(models).write(attemptId);
}

type SubmittedAttemptsRead = { resourceLinkId: string; userId: string };

const submittedAttemptsReads = batcherPer(
  (models: Models) =>
    new WriteBatcher<SubmittedAttemptsRead, Types.ObjectId[]>(async (reads) => {
      const byLink = new Map<string, Set<string>>();
      for (const r of reads) {
        const users = byLink.get(r.resourceLinkId);
        if (users) users.add(r.userId);
        else byLink.set(r.resourceLinkId, new Set([r.userId]));
      }
      const found = new Map<string, Types.ObjectId[]>();
      await Promise.all(
        [...byLink].map(async ([resourceLinkId, userSet]) => {
          const users = [...userSet];
          const docs = await models.Submission.collection
            .find<Pick<SubmissionDoc, 'attemptId' | 'userId'>>(
              { resourceLinkId, userId: users.length === 1 ? users[0] : { $in: users } },
              { projection: { _id: 0, attemptId: 1, userId: 1 } },
            )
            .toArray();
          for (const doc of docs) {
            const at = `${resourceLinkId}\u0000${doc.userId}`;
            const theirs = found.get(at);
            if (theirs) theirs.push(doc.attemptId);
            else found.set(at, [doc.attemptId]);
          }
        }),
      );
      return reads.map((r) => ({ ok: true, value: found.get(`${r.resourceLinkId}\u0000${r.userId}`) ?? [] }));
    }),
);

/**
 * The ids of the learner's attempts at this resource link that have a submission (one id per
 * submission or graded version; other registrations sharing the link's id may add theirs, so a
 * caller matches them against an attempt it read by the whole activity key). Keyed by the learner,
 * not by an attempt, so it can be read together with the learner's attempts instead of after them.
 */
export function readSubmittedAttemptIds(
  models: Models,
  resourceLinkId: string,
  userId: string,
): Promise<Types.ObjectId[]> {
  stringFilter({ resourceLinkId, userId });
  return submittedAttemptsReads(models).write({ resourceLinkId, userId });
}

type RulesDoc = Pick<ActivitySettingsDoc, 'regradeRules'> | null;

const regradeRulesReads = batcherPer(
  (models: Models) =>
    new WriteBatcher<{ key: ActivityKey }, RulesDoc>(async (reads) => {
      const docs = new Map<string, RulesDoc>();
      // One read per activity in the group: usually one, whatever the number of submissions.
      await Promise.all(
        [...byActivity(reads)].map(async ([k, group]) => {
          docs.set(
            k,
            await models.ActivitySettings.collection.findOne<Pick<ActivitySettingsDoc, 'regradeRules'>>(
              activityFilter(group[0]?.key as ActivityKey),
              { projection: { _id: 0, regradeRules: 1 } },
            ),
          );
        }),
      );
      return reads.map((r) => ({ ok: true, value: docs.get(keyOf(r.key)) ?? null }));
    }),
);

/** The activity's settings record as far as its regrade rules (selectRegradeRules). */
export function readRegradeRulesDoc(models: Models, key: ActivityKey): Promise<RulesDoc> {
  stringFilter({ ...activityFilter(key) });
  return regradeRulesReads(models).write({ key });
}
