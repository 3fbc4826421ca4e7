import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/activity/activity-settings.ts';
import { connectStore, StoreUnavailableError, type ConnectedStore } from '../../src/store/connection.ts';
import {
  extraTimeMinutesOf,
  selectActivitySettings,
  setExtraTimeMinutes,
  upsertActivitySettings,
} from '../../src/store/repositories/activity-settings.ts';
import {
  closeAttempt,
  createOrGetAttempt,
  recordAttemptScore,
  selectAttempt,
  selectAttemptsOfActivity,
  selectAttemptsForUser,
  selectOptionalAttempt,
  selectOwnedAttempt,
  type NewAttempt,
} from '../../src/store/repositories/attempts.ts';
import {
  insertGeneratedExam,
  selectGeneratedExamBySeed,
  selectGeneratedExams,
} from '../../src/store/repositories/generated-exams.ts';
import {
  claimGradeSyncBatch,
  gradeSyncQueue,
  markGradeSyncFailed,
  markGradeSyncRetry,
  markGradeSyncSent,
  resendGradeSync,
  selectGradeSyncOfActivity,
} from '../../src/store/repositories/grade-sync.ts';
import { requeueGradeSync } from '../../src/store/repositories/latest-scores.ts';
import { NotFoundInStoreError } from '../../src/store/repositories/not-found.ts';
import { repairRecentSubmissions } from '../../src/store/repositories/outbox-repair.ts';
import {
  recordSubmission,
  selectSubmittedAttemptIds,
  type NewSubmission,
} from '../../src/store/repositories/submissions.ts';
import { StorageInputError } from '../../src/store/storage-input-error.ts';
import { storeTargets } from 'embedded-mongo/testing';
import { openStoreOn } from '../support/store-target.ts';
import { newSubmission, queuedScore } from '../support/store-records.ts';

// The storage contract: the same suite runs on the embedded store and, with TEST_MONGODB_URI set,
// on a real MongoDB. Each test uses its own resource link / user ids, so tests share one database.
let store: ConnectedStore;

const linkOf = (resourceLinkId: string) => ({
  platformIssuer: 'https://lms.example',
  clientId: 'client',
  deploymentId: 'd1',
  contextId: 'c1',
  resourceLinkId,
});
const link = linkOf('r1');
const attempt = (userId: string, attemptNumber = 1, resourceLinkId = 'r1'): NewAttempt => ({
  ...linkOf(resourceLinkId),
  userId,
  userName: userId,
  isStaff: false,
  roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
  attemptNumber,
  problems: [{ templateId: 'gd', templateVersion: 1, seed: 's', params: { a: 3, b: 0, c: -1 }, points: 5 }],
  startedAt: new Date(),
});
const submission = newSubmission;
const score = queuedScore;
/** The submission repair, as how many lost scores it queued. */
const repairMissingOutbox = async (...args: Parameters<typeof repairRecentSubmissions>) =>
  (await repairRecentSubmissions(...args)).queued;
/** One outbox record of its own resource link, so claim tests do not see other tests' records. */
async function queuedRecord(resourceLinkId: string, key = 'queued-key-1') {
  const a = await createOrGetAttempt(store.models, attempt('q', 1, resourceLinkId));
  // Each record its own student: a newer score of the same student would supersede it.
  const { submission: s } = await recordSubmission(store.models, {
    ...submission(a._id, key, resourceLinkId),
    gradeSync: score(`q-${key}`, resourceLinkId, 5, a._id),
  });
  const record = await store.models.GradeSync.findOne({ submissionId: s._id }).lean();
  if (!record) throw new Error('no outbox record');
  return record;
}
/** Claims at `now` until this record is among those leased (other tests' due records are skipped past). */
async function claimRecord(id: Types.ObjectId, owner: string, leaseMs: number, now: Date) {
  for (let i = 0; i < 20; i++) {
    const claimed = await claimGradeSyncBatch(store.models, owner, leaseMs, now, 10);
    if (claimed.length === 0) return null;
    const mine = claimed.find((c) => c._id.equals(id));
    if (mine) return mine;
  }
  return null;
}

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('storage contract'), () => {
    openStoreOn(target, (opened) => (store = opened));

    describe('attempts', () => {
      it('creates one attempt when parallel requests race for it', async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, () => createOrGetAttempt(store.models, attempt('racer'))),
        );
        expect(new Set(results.map((a) => a._id.toHexString())).size).toBe(1);
        expect(await selectAttemptsForUser(store.models, link, 'racer')).toHaveLength(1);
        expect(results[0]).toMatchObject({
          status: 'open',
          templateIds: ['gd'],
          roles: [expect.stringContaining('Learner')],
        });
      });

      it('selects by id, by owner and by resource link', async () => {
        const a = await createOrGetAttempt(store.models, attempt('sel', 1, 'r-sel'));
        await createOrGetAttempt(store.models, attempt('sel', 2, 'r-sel'));
        expect((await selectAttempt(store.models, a._id)).userId).toBe('sel');
        expect(await selectOptionalAttempt(store.models, new Types.ObjectId())).toBeNull();
        await expect(selectAttempt(store.models, new Types.ObjectId())).rejects.toThrow(NotFoundInStoreError);
        expect(await selectOwnedAttempt(store.models, a._id.toHexString(), 'someone-else', linkOf('r-sel'))).toBeNull();
        expect((await selectAttemptsOfActivity(store.models, linkOf('r-sel'))).map((x) => x.attemptNumber)).toEqual([
          1, 2,
        ]);
      });

      it('reads the attempts of many learners asked for at the same moment together, each getting exactly their own', async () => {
        for (const [user, n, r] of [
          ['g1', 1, 'r-g'],
          ['g1', 2, 'r-g'],
          ['g2', 1, 'r-g'],
          ['g1', 1, 'r-h'],
        ] as const)
          await createOrGetAttempt(store.models, attempt(user, n, r));
        // Asked in one tick: one group of reads over two activities, a learner twice, one with none.
        const injected = JSON.parse('{"$gt": ""}') as string;
        const [g1, g2, again, h1, none, bad] = await Promise.allSettled([
          selectAttemptsForUser(store.models, linkOf('r-g'), 'g1'),
          selectAttemptsForUser(store.models, linkOf('r-g'), 'g2'),
          selectAttemptsForUser(store.models, linkOf('r-g'), 'g1'),
          selectAttemptsForUser(store.models, linkOf('r-h'), 'g1'),
          selectAttemptsForUser(store.models, linkOf('r-g'), 'nobody'),
          selectAttemptsForUser(store.models, linkOf('r-g'), injected),
        ]);
        const of = (
          r: PromiseSettledResult<Array<{ userId: string; resourceLinkId: string; attemptNumber: number }>> | undefined,
        ) =>
          r?.status === 'fulfilled'
            ? r.value.map((a) => `${a.resourceLinkId}:${a.userId}:${a.attemptNumber}`)
            : r?.reason;
        expect(of(g1)).toEqual(['r-g:g1:1', 'r-g:g1:2']);
        expect(of(again)).toEqual(['r-g:g1:1', 'r-g:g1:2']);
        expect(of(g2)).toEqual(['r-g:g2:1']);
        expect(of(h1)).toEqual(['r-h:g1:1']);
        expect(of(none)).toEqual([]);
        // A value that is not a string fails its own caller only, as mongoose's cast did.
        expect(bad?.status === 'rejected' && String(bad.reason)).toMatch(/Cast to string failed/);
      });

      it('reads which attempts of many learners have a submission, asked for at the same moment together, each getting exactly their own', async () => {
        const made = async (user: string, n: number, r: string, submitted: boolean) => {
          const a = await createOrGetAttempt(store.models, attempt(user, n, r));
          if (submitted)
            await recordSubmission(store.models, { ...submission(a._id, `k-${user}-${n}`, r), userId: user });
          return a._id.toHexString();
        };
        const s1 = await made('s1', 1, 'r-s', true);
        await made('s1', 2, 'r-s', false);
        const s2 = await made('s2', 1, 'r-s', true);
        const t1 = await made('s1', 1, 'r-t', true);
        const injected = JSON.parse('{"$gt": ""}') as string;
        const [first, second, other, none, bad] = await Promise.allSettled([
          selectSubmittedAttemptIds(store.models, 'r-s', 's1'),
          selectSubmittedAttemptIds(store.models, 'r-s', 's2'),
          selectSubmittedAttemptIds(store.models, 'r-t', 's1'),
          selectSubmittedAttemptIds(store.models, 'r-s', 'nobody'),
          selectSubmittedAttemptIds(store.models, 'r-s', injected),
        ]);
        const of = (r: PromiseSettledResult<Types.ObjectId[]> | undefined) =>
          r?.status === 'fulfilled' ? r.value.map((id) => id.toHexString()) : r?.reason;
        expect(of(first)).toEqual([s1]);
        expect(of(second)).toEqual([s2]);
        expect(of(other)).toEqual([t1]);
        expect(of(none)).toEqual([]);
        expect(bad?.status === 'rejected' && String(bad.reason)).toMatch(/Cast to string failed/);
      });

      it("keeps the attempt's current score (a regrade may lower it), and closes only once", async () => {
        const a = await createOrGetAttempt(store.models, attempt('scores'));
        await recordAttemptScore(store.models, a._id, 0.8, false);
        await recordAttemptScore(store.models, a._id, 0.5, false);
        expect(await selectAttempt(store.models, a._id)).toMatchObject({ lastScore: 0.5, status: 'open' });
        const first = new Date('2030-01-01T10:00:00Z');
        expect(await closeAttempt(store.models, a._id, first)).toMatchObject({ status: 'closed', closedAt: first });
        expect((await closeAttempt(store.models, a._id, new Date('2030-01-02T10:00:00Z')))?.closedAt).toEqual(first);
      });
    });

    describe('submissions and the outbox', () => {
      it('stores a double-submitted answer once, with one outbox record', async () => {
        const a = await createOrGetAttempt(store.models, attempt('double'));
        const [first, second] = await Promise.all([
          recordSubmission(store.models, submission(a._id, 'click-1234'), score('double')),
          recordSubmission(store.models, submission(a._id, 'click-1234'), score('double', 'r1', 1)),
        ]);
        expect(first.submission._id.toHexString()).toBe(second.submission._id.toHexString());
        expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
        expect(await store.models.Submission.countDocuments({ attemptId: a._id })).toBe(1);
        expect(await store.models.GradeSync.countDocuments({ userId: 'double' })).toBe(1);
        // A third try later (the client retried after a timeout) changes nothing either.
        expect(
          (await recordSubmission(store.models, submission(a._id, 'click-1234'), score('double', 'r1', 0))).duplicate,
        ).toBe(true);
        const records = await store.models.GradeSync.find({ userId: 'double' }).lean();
        expect(records).toHaveLength(1);
        expect(records[0]?.scoreGiven).toBe(first.duplicate ? 1 : 5);
      });

      it('stores a whole class submitting at once (written in batches): each once, double clicks found, a bad one refused alone', async () => {
        const learners = Array.from({ length: 30 }, (_, i) => `class-${i}`);
        const attempts = await Promise.all(
          learners.map((u) => createOrGetAttempt(store.models, attempt(u, 1, 'r-class'))),
        );
        const bad = {
          ...submission(attempts[0]?._id ?? new Types.ObjectId(), 'bad-one', 'r-class'),
          parts: [
            {
              problemIndex: 0,
              templateId: 'gd',
              partKey: 'a',
              raw: 'x',
              parsed: { ok: true },
              score: 2,
              points: 1,
              maxPoints: 1,
              feedback: '',
              pendingManual: false,
            },
          ],
        };
        const results = await Promise.allSettled([
          ...attempts.map((a, i) =>
            recordSubmission(
              store.models,
              submission(a._id, `class-key-${i}`, 'r-class'),
              score(learners[i] ?? '', 'r-class', i % 6),
            ),
          ),
          // Five learners click twice.
          ...attempts
            .slice(0, 5)
            .map((a, i) =>
              recordSubmission(
                store.models,
                submission(a._id, `class-key-${i}`, 'r-class'),
                score(learners[i] ?? '', 'r-class', i % 6),
              ),
            ),
          recordSubmission(store.models, bad),
          ...attempts.map((a, i) => recordAttemptScore(store.models, a._id, (i % 6) / 5, true)),
        ]);
        const refused = results.filter((r) => r.status === 'rejected');
        expect(refused).toHaveLength(1);
        expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/parts\.0\.score: Too big/);
        const recorded = results.slice(0, 35).map((r) => (r as PromiseFulfilledResult<{ duplicate: boolean }>).value);
        expect(recorded.filter((r) => r.duplicate)).toHaveLength(5);
        expect(await store.models.Submission.countDocuments({ resourceLinkId: 'r-class' })).toBe(30);
        expect(await store.models.GradeSync.countDocuments({ resourceLinkId: 'r-class' })).toBe(30);
        const stored = await selectAttemptsOfActivity(store.models, linkOf('r-class'));
        expect(stored.map((a) => [a.userId, a.status, a.lastScore]).sort()).toEqual(
          learners.map((u, i) => [u, 'submitted', (i % 6) / 5]).sort(),
        );
        // The tests share one outbox: the claim test below must find only its own records due.
        await store.models.GradeSync.updateMany({ resourceLinkId: 'r-class' }, { $set: { status: 'sent' } });
      });

      it('re-queues a score lost by a crash between the two writes (retry and repairMissingOutbox)', async () => {
        const a = await createOrGetAttempt(store.models, attempt('crash', 1, 'r-crash'));
        const { submission: s } = await recordSubmission(store.models, {
          ...submission(a._id, 'crash-key-1', 'r-crash'),
          gradeSync: score('crash', 'r-crash'),
        });
        // The crash: the outbox write never happened.
        await store.models.GradeSync.deleteOne({ submissionId: s._id });
        // The client's retry with the same key heals it...
        expect((await recordSubmission(store.models, submission(a._id, 'crash-key-1', 'r-crash'))).duplicate).toBe(
          true,
        );
        expect(await store.models.GradeSync.countDocuments({ submissionId: s._id })).toBe(1);
        // ...and so does the repair at worker start, once.
        await store.models.GradeSync.deleteOne({ submissionId: s._id });
        expect(await repairMissingOutbox(store.models)).toBe(1);
        expect(await repairMissingOutbox(store.models)).toBe(0);
        expect(await store.models.GradeSync.findOne({ submissionId: s._id }).lean()).toMatchObject({
          status: 'pending',
          scoreGiven: 5,
          userId: 'crash',
          tries: 0,
        });
        // Submissions without a score to send (staff, no gradebook column) are not "missing" one.
        await recordSubmission(store.models, submission(a._id, 'crash-key-2', 'r-crash'));
        expect(await repairMissingOutbox(store.models)).toBe(0);
      });

      it('repairs page by page, also when many submissions share one submittedAt', async () => {
        const a = await createOrGetAttempt(store.models, attempt('pages', 1, 'r-pages'));
        const at = new Date(Date.now() - 60_000);
        const ids: Types.ObjectId[] = [];
        for (let i = 0; i < 5; i++) {
          const { submission: s } = await recordSubmission(store.models, {
            ...submission(a._id, `page-key-${i}`, 'r-pages'),
            submittedAt: i < 4 ? at : new Date(),
            gradeSync: score('pages', 'r-pages'),
          });
          ids.push(s._id);
        }
        await store.models.GradeSync.deleteMany({ resourceLinkId: 'r-pages' });
        expect(await repairMissingOutbox(store.models, { since: new Date(at.getTime() - 1), batchSize: 2 })).toBe(5);
        expect(await store.models.GradeSync.countDocuments({ resourceLinkId: 'r-pages' })).toBe(5);
        // Older than `since`: not scanned.
        await store.models.GradeSync.deleteMany({ resourceLinkId: 'r-pages' });
        expect(await repairMissingOutbox(store.models, { since: new Date(at.getTime() + 1), batchSize: 2 })).toBe(1);
        // Leave no gap behind for other tests' whole-store repairs.
        expect(await repairMissingOutbox(store.models, { since: new Date(at.getTime() - 1) })).toBe(4);
      });

      it('re-queues the score of a graded version of an old submission that a crash lost (a regrade weeks after the exam)', async () => {
        const a = await createOrGetAttempt(store.models, attempt('late-regrade', 1, 'r-late'));
        const submittedAt = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
        const { submission: first } = await recordSubmission(store.models, {
          ...submission(a._id, 'late-key', 'r-late'),
          submittedAt,
          gradedAt: submittedAt,
          gradeSync: score('late-regrade', 'r-late', 2, a._id),
        });
        // The regrade today: a version keeps the student's submittedAt; the crash loses its outbox record.
        const { submission: version } = await recordSubmission(store.models, {
          ...submission(a._id, 'v2', 'r-late'),
          submittedAt,
          gradedAt: new Date(),
          regradeOf: first._id,
          version: 2,
          gradeSync: score('late-regrade', 'r-late', 5, a._id),
        });
        await store.models.GradeSync.deleteOne({ submissionId: version._id });
        expect(await repairMissingOutbox(store.models)).toBe(1);
        expect(await store.models.GradeSync.findOne({ submissionId: version._id }).lean()).toMatchObject({
          scoreGiven: 5,
          status: 'pending',
        });
        await store.models.GradeSync.updateMany({ resourceLinkId: 'r-late' }, { $set: { status: 'sent' } });
      });

      it('reads recent submissions in one query, whatever their number and however many share one submittedAt', async () => {
        // A deadline sweep hands in a whole class at one time. Paging by asking again (after the
        // last time seen, minus the ids seen at it) sent a list of ids growing with each page and
        // matched every later submission again: with a semester's submissions the server's start
        // (which runs this repair) never finished.
        const at = new Date(Date.now() - 30_000);
        const attempts = await store.models.Attempt.insertMany(
          Array.from({ length: 1_200 }, (_, i) => ({ ...attempt(`sweep-${i}`, 1, 'r-sweep'), status: 'submitted' })),
        );
        await store.models.Submission.insertMany(
          attempts.map((a, i) => ({
            ...submission(a._id, `sweep-key-${i}`, 'r-sweep'),
            userId: `sweep-${i}`,
            submittedAt: at,
            gradeSync: score(`sweep-${i}`, 'r-sweep', 5, a._id),
          })),
        );
        const filters: unknown[] = [];
        store.conn.set('debug', (collection: string, method: string, filter: unknown) => {
          if (collection === 'submissions' && method === 'find') filters.push(filter);
        });
        try {
          expect(await repairMissingOutbox(store.models, { since: new Date(at.getTime() - 1), batchSize: 500 })).toBe(
            1_200,
          );
        } finally {
          store.conn.set('debug', false);
        }
        expect(await store.models.GradeSync.countDocuments({ resourceLinkId: 'r-sweep', status: 'pending' })).toBe(
          1_200,
        );
        expect(filters).toHaveLength(1);
        expect(JSON.stringify(filters).length).toBeLessThan(200);
        await store.models.GradeSync.updateMany({ resourceLinkId: 'r-sweep' }, { $set: { status: 'sent' } });
      });

      it('sends one score per student: a newer score supersedes the older ones still waiting, also one queued late by the repair', async () => {
        const a = await createOrGetAttempt(store.models, attempt('newer', 1, 'r-newer'));
        const base = Date.now() - 60_000;
        const at = (ms: number) => new Date(base + ms);
        const queued = async (key: string, scoreGiven: number, ms: number) =>
          (
            await recordSubmission(store.models, {
              ...submission(a._id, key, 'r-newer'),
              submittedAt: at(ms),
              gradeSync: { ...score('newer', 'r-newer', scoreGiven), timestamp: at(ms) },
            })
          ).submission;
        const first = await queued('newer-1', 1, 0);
        const second = await queued('newer-2', 4, 10);
        const third = await queued('newer-3', 2, 20);
        const status = async () =>
          new Map(
            (await store.models.GradeSync.find({ resourceLinkId: 'r-newer' }).lean()).map((r) => [
              r.submissionId.toHexString(),
              r.status,
            ]),
          );
        expect(await status()).toEqual(
          new Map([
            [first._id.toHexString(), 'superseded'],
            [second._id.toHexString(), 'superseded'],
            [third._id.toHexString(), 'pending'],
          ]),
        );
        // A crash lost the second's record; the repair queues it again, already superseded by the third.
        await store.models.GradeSync.deleteOne({ submissionId: second._id });
        expect(await repairMissingOutbox(store.models, { since: at(-1) })).toBe(1);
        expect((await status()).get(second._id.toHexString())).toBe('superseded');
        // Superseded records are never claimed: only the newest score is sent.
        const claimed = (
          await claimGradeSyncBatch(store.models, 'w-newer', 60_000, new Date(Date.now() + 1000), 100)
        ).filter((r) => r.resourceLinkId === 'r-newer');
        expect(claimed.map((r) => r.scoreGiven)).toEqual([2]);
        await markGradeSyncSent(store.models, claimed[0]?._id ?? new Types.ObjectId(), 'w-newer', new Date());
      });

      it('queues the scores of one moment together: the newest of a student stays, the older is superseded, also when the store refused one of the group', async () => {
        const base = Date.now() - 60_000;
        const queueTwoAtOnce = async (resourceLinkId: string) => {
          const a = await createOrGetAttempt(store.models, attempt('together', 1, resourceLinkId));
          const queued = (key: string, scoreGiven: number, ms: number) =>
            recordSubmission(store.models, {
              ...submission(a._id, key, resourceLinkId),
              submittedAt: new Date(base + ms),
              gradeSync: { ...score('together', resourceLinkId, scoreGiven), timestamp: new Date(base + ms) },
            });
          await Promise.all([queued('older', 1, 0), queued('newer', 4, 10)]);
          const records = await store.models.GradeSync.find({ resourceLinkId }).lean();
          return new Map(records.map((r) => [r.submissionId.toHexString(), [r.status, r.scoreGiven]]));
        };
        const expected = (statuses: Map<string, unknown>) => [...statuses.values()].sort();
        expect(expected(await queueTwoAtOnce('r-together'))).toEqual([
          ['pending', 4],
          ['superseded', 1],
        ]);
        // The group's one command refused by the store for one record (as MongoDB does to the loser
        // of two upserts of one key at once): the group is written again, each record on its own.
        const bulkWrite = store.models.GradeSync.collection.bulkWrite.bind(store.models.GradeSync.collection);
        let refused = 0;
        const spy = vi.spyOn(store.models.GradeSync.collection, 'bulkWrite').mockImplementation((ops, options) => {
          if (options?.ordered === true && refused++ === 0)
            return Promise.reject(
              Object.assign(new Error('E11000 duplicate key'), {
                writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000 duplicate key' }],
              }),
            );
          return bulkWrite(ops, options);
        });
        try {
          expect(expected(await queueTwoAtOnce('r-together-refused'))).toEqual([
            ['pending', 4],
            ['superseded', 1],
          ]);
          expect(refused).toBe(1);
        } finally {
          spy.mockRestore();
        }
      });

      it('lets each outbox record be claimed by exactly one of many concurrent claimers, in batches', async () => {
        const a = await createOrGetAttempt(store.models, attempt('claims', 1, 'r-claims'));
        // Fifty students' scores (one student's newer score would supersede their older one).
        for (let i = 0; i < 50; i++)
          await recordSubmission(
            store.models,
            submission(a._id, `claim-key-${i}`, 'r-claims'),
            score(`claims-${i}`, 'r-claims'),
          );
        const queue = gradeSyncQueue(store.models);
        const now = new Date(Date.now() + 1000);
        // Each claimer claims batches of 3 until nothing is due for it.
        const claimUntilEmpty = async (
          owner: string,
        ): Promise<Array<{ id: string; userId: string; owner: string }>> => {
          const mine: Array<{ id: string; userId: string; owner: string }> = [];
          for (;;) {
            const batch = await queue.claimBatch(owner, 60_000, now, 3);
            if (batch.length === 0) return mine;
            expect(batch.length).toBeLessThanOrEqual(3);
            mine.push(...batch.map((j) => ({ id: j.id, userId: j.userId, owner })));
          }
        };
        const claimed = (await Promise.all(Array.from({ length: 30 }, (_, i) => claimUntilEmpty(`w${i}`)))).flat();
        const ids = claimed.map((j) => j.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(claimed.filter((j) => j.userId.startsWith('claims-'))).toHaveLength(50);
        expect(new Set(claimed.map((j) => j.owner)).size).toBeGreaterThan(1);
        const records = await store.models.GradeSync.find({ resourceLinkId: 'r-claims' }).lean();
        expect(records.every((r) => r.status === 'sending')).toBe(true);
        // Each record is leased to the claimer that got it.
        const ownerOf = new Map(claimed.map((j) => [j.id, j.owner]));
        expect(records.every((r) => r.leaseOwner === ownerOf.get(r._id.toHexString()))).toBe(true);
        // Delivered (as one group-committed bulk write), each record leaves "sending" with its lease.
        await Promise.all(claimed.map((j) => queue.markSent(j.id, j.owner, now)));
        const sent = await store.models.GradeSync.find({ resourceLinkId: 'r-claims' }).lean();
        expect(sent.map((r) => [r.status, r.tries, r.leaseUntil, r.claimToken])).toEqual(
          sent.map(() => ['sent', 1, undefined, undefined]),
        );
      });

      it('claims in two commands when no other claimer took any, and returns the records as stored', async () => {
        const records = [await queuedRecord('r-two-commands', 'two-1'), await queuedRecord('r-two-commands', 'two-2')];
        const now = new Date(Date.now() + 1000);
        const finds = vi.spyOn(store.models.GradeSync, 'find');
        const updates = vi.spyOn(store.models.GradeSync, 'updateMany');
        try {
          let claimed: Awaited<ReturnType<typeof claimGradeSyncBatch>> = [];
          // Other tests' due records come first (oldest due first): claim past them.
          for (let i = 0; i < 50 && !claimed.some((c) => c._id.equals(records[0]?._id)); i++) {
            finds.mockClear();
            updates.mockClear();
            claimed = await claimGradeSyncBatch(store.models, 'solo', 60_000, now, 100);
          }
          expect(finds).toHaveBeenCalledTimes(1);
          expect(updates).toHaveBeenCalledTimes(1);
          const stored = await store.models.GradeSync.find({ resourceLinkId: 'r-two-commands' }).lean();
          const returned = claimed.filter((c) => c.resourceLinkId === 'r-two-commands');
          expect(returned).toHaveLength(2);
          for (const r of returned) {
            const s = stored.find((x) => x._id.equals(r._id));
            expect(r).toEqual(s);
            expect(r).toMatchObject({ status: 'sending', leaseOwner: 'solo' });
          }
        } finally {
          finds.mockRestore();
          updates.mockRestore();
        }
      });

      it('hands an expired lease to another owner, and ignores the late first owner', async () => {
        const record = await queuedRecord('r-lease');
        const t0 = new Date(Date.now() + 1000);
        expect(await claimRecord(record._id, 'crashed', 1000, t0)).toMatchObject({
          leaseOwner: 'crashed',
          status: 'sending',
        });
        expect(await claimRecord(record._id, 'other', 1000, t0)).toBeNull();
        expect(await claimRecord(record._id, 'other', 1000, new Date(t0.getTime() + 2000))).toMatchObject({
          leaseOwner: 'other',
          status: 'sending',
        });
        // The crashed worker wakes up: its outcomes no longer count.
        await markGradeSyncFailed(store.models, record._id, 'crashed', 'late');
        await markGradeSyncSent(store.models, record._id, 'crashed', new Date());
        await gradeSyncQueue(store.models).release([record._id.toHexString()], 'crashed');
        expect(await store.models.GradeSync.findById(record._id).lean()).toMatchObject({
          status: 'sending',
          leaseOwner: 'other',
          tries: 0,
        });
        await markGradeSyncSent(store.models, record._id, 'other', new Date());
        const sent = await store.models.GradeSync.findById(record._id).lean();
        expect(sent).toMatchObject({ status: 'sent', tries: 1 });
        expect(sent?.lastError).toBeUndefined();
      });

      it('takes over a batch whose worker crashed, and gives back what a worker did not send', async () => {
        const records = await Promise.all([0, 1, 2, 3].map((i) => queuedRecord('r-takeover', `takeover-key-${i}`)));
        const ids = records.map((r) => r._id.toHexString()).sort();
        const mine = (claimed: Array<{ _id: Types.ObjectId }>) =>
          claimed
            .map((c) => c._id.toHexString())
            .filter((id) => ids.includes(id))
            .sort();
        const t0 = new Date(Date.now() + 1000);
        expect(mine(await claimGradeSyncBatch(store.models, 'crashed', 1000, t0, 100))).toEqual(ids);
        // Leased: nobody else gets them, until the lease has expired.
        expect(mine(await claimGradeSyncBatch(store.models, 'other', 1000, new Date(t0.getTime() + 999), 100))).toEqual(
          [],
        );
        const takeover = await claimGradeSyncBatch(store.models, 'other', 60_000, new Date(t0.getTime() + 1000), 100);
        expect(mine(takeover)).toEqual(ids);
        expect(
          takeover
            .filter((c) => ids.includes(c._id.toHexString()))
            .every((c) => c.leaseOwner === 'other' && c.tries === 0),
        ).toBe(true);
        // Two not sent (the worker stopped): due again at once, no try counted.
        const queue = gradeSyncQueue(store.models);
        await queue.release(ids.slice(0, 2), 'other');
        await Promise.all(ids.slice(2).map((id) => queue.markSent(id, 'other', t0)));
        const again = await claimGradeSyncBatch(store.models, 'next', 60_000, new Date(t0.getTime() + 2000), 100);
        expect(mine(again)).toEqual(ids.slice(0, 2));
        expect(again.filter((c) => ids.includes(c._id.toHexString())).every((c) => c.tries === 0)).toBe(true);
        await Promise.all(ids.slice(0, 2).map((id) => queue.markSent(id, 'next', t0)));
      });

      it("reconciliation's resend queues sent records again but leaves one being sent alone", async () => {
        const sending = await queuedRecord('r-requeue', 'requeue-key-1');
        const sent = await queuedRecord('r-requeue', 'requeue-key-2');
        const t0 = new Date();
        expect(await claimRecord(sending._id, 'busy-worker', 60_000, t0)).not.toBeNull();
        await store.models.GradeSync.updateOne({ _id: sent._id }, { $set: { status: 'sent' } });
        expect(
          await requeueGradeSync(store.models, linkOf('r-requeue'), [
            sending._id.toHexString(),
            sent._id.toHexString(),
            'not-an-id',
          ]),
        ).toBe(1);
        const byId = new Map(
          (await selectGradeSyncOfActivity(store.models, linkOf('r-requeue'))).map((r) => [r._id.toHexString(), r]),
        );
        expect(byId.get(sending._id.toHexString())).toMatchObject({ status: 'sending', leaseOwner: 'busy-worker' });
        expect(byId.get(sent._id.toHexString())).toMatchObject({ status: 'pending', tries: 0 });
        // Nobody else can take the one being sent while its lease runs.
        expect(await claimRecord(sending._id, 'other-worker', 60_000, new Date(t0.getTime() + 1000))).toBeNull();
      });

      it('schedules a retry, then fails, then resends on request', async () => {
        const record = await queuedRecord('r-retry');
        const t0 = new Date(Date.now() + 1000);
        expect(await claimRecord(record._id, 'w', 60_000, t0)).not.toBeNull();
        const later = new Date(t0.getTime() + 30_000);
        await markGradeSyncRetry(store.models, record._id, 'w', {
          error: 'LMS answered 503',
          status: 503,
          nextAttemptAt: later,
        });
        const retrying = await store.models.GradeSync.findById(record._id).lean();
        expect(retrying).toMatchObject({
          status: 'pending',
          tries: 1,
          lastError: 'LMS answered 503',
          lastStatus: 503,
          nextAttemptAt: later,
        });
        expect([retrying?.leaseUntil, retrying?.claimToken]).toEqual([undefined, undefined]);
        expect(await claimRecord(record._id, 'w', 60_000, new Date(later.getTime() - 1))).toBeNull();
        expect(await claimRecord(record._id, 'w', 60_000, later)).not.toBeNull();
        await markGradeSyncFailed(store.models, record._id, 'w', 'LMS answered 400: user not enrolled', 400);
        expect(await claimRecord(record._id, 'w', 60_000, new Date(later.getTime() + 3_600_000))).toBeNull();
        expect(await selectGradeSyncOfActivity(store.models, linkOf('r-retry'))).toMatchObject([
          { status: 'failed', tries: 2, lastStatus: 400 },
        ]);
        // Resend: only within the instructor's own activity (the whole key).
        expect(
          await resendGradeSync(store.models, record._id.toHexString(), {
            ...linkOf('r-retry'),
            clientId: 'another-registration',
          }),
        ).toBe(false);
        expect(await resendGradeSync(store.models, record._id.toHexString(), linkOf('r-other'))).toBe(false);
        expect(await resendGradeSync(store.models, 'not-an-id', linkOf('r-retry'))).toBe(false);
        expect(await resendGradeSync(store.models, record._id.toHexString(), linkOf('r-retry'), t0)).toBe(true);
        expect(await store.models.GradeSync.findById(record._id).lean()).toMatchObject({ status: 'pending', tries: 0 });
      });
    });

    describe('request data at the edges', () => {
      it('never turns request data into a query operator', async () => {
        await createOrGetAttempt(store.models, attempt('victim'));
        const injected = JSON.parse('{"$gt": ""}') as string;
        // Refused by the schema cast before any query is sent, rather than matching everyone.
        await expect(selectAttemptsForUser(store.models, link, injected)).rejects.toThrow(/Cast to string failed/);
        await expect(selectGradeSyncOfActivity(store.models, linkOf(injected))).rejects.toThrow(
          /Cast to string failed/,
        );
        // Even straight through a model: sanitizeFilter wraps it in $eq, so it matches nothing.
        expect(await store.models.Attempt.collection.countDocuments({ userId: { $eq: { $gt: '' } } })).toBe(0);
        expect(await selectOwnedAttempt(store.models, 'not-an-id', 'victim', link)).toBeNull();
        // A typo'd filter path is an error (strictQuery 'throw'), not a filter dropped to "match all".
        await expect(store.models.Attempt.find({ usrId: 'victim' }).lean()).rejects.toThrow(/not in schema/);
      });

      it('refuses $-keys and dotted keys in stored Mixed data', async () => {
        const evilParams = attempt('evil');
        evilParams.problems[0] = { ...evilParams.problems[0]!, params: { a: 1, nested: { $where: 'sleep(1000)' } } };
        await expect(createOrGetAttempt(store.models, evilParams)).rejects.toMatchObject({
          name: 'StorageInputError',
          rule: 'safe-keys',
        });
        const a = await createOrGetAttempt(store.models, attempt('evil-sub'));
        const evil = submission(a._id, 'evil-key-1');
        (evil.parts[0] as unknown as Record<string, unknown>).parsed = { ok: true, 'a.b': '1' };
        await expect(recordSubmission(store.models, evil)).rejects.toThrow(/may not start with \$ or contain a dot/);
        expect(await store.models.Attempt.countDocuments({ userId: 'evil' })).toBe(0);
      });

      it('refuses a submission the schema does not describe, naming the field, and stores nothing', async () => {
        const withPart = (doc: NewSubmission, change: Partial<NewSubmission['parts'][number]>): NewSubmission => ({
          ...doc,
          parts: [{ ...doc.parts[0]!, ...change }, ...doc.parts.slice(1)],
        });
        const a = await createOrGetAttempt(store.models, attempt('shape'));
        const cases: Array<[NewSubmission, string]> = [
          [{ ...submission(a._id, 'shape-key-1'), grade: 'A+' } as NewSubmission, ''],
          [{ ...submission(a._id, 'shape-key-2'), userId: '' }, 'userId'],
          [{ ...submission(a._id, 'shape-key-3'), submittedAt: 'yesterday' as unknown as Date }, 'submittedAt'],
          [
            {
              ...submission(a._id, 'shape-key-4'),
              gradeSync: { ...score('shape'), gradingProgress: 'Maybe' as 'FullyGraded' },
            },
            'gradeSync.gradingProgress',
          ],
          [
            { ...submission(a._id, 'shape-key-5'), gradeSync: { ...score('shape'), scoreGiven: -1 } },
            'gradeSync.scoreGiven',
          ],
          // A graded part, as the compiled check reads it: out of range, not a finite number, a key too many.
          [withPart(submission(a._id, 'shape-key-7'), { score: 1.5 }), 'parts.0.score'],
          [withPart(submission(a._id, 'shape-key-8'), { points: Number.NaN }), 'parts.0.points'],
          [withPart(submission(a._id, 'shape-key-9'), { parsed: { ok: true, extra: 1 } as never }), 'parts.0.parsed'],
        ];
        for (const [doc, field] of cases)
          await expect(recordSubmission(store.models, doc)).rejects.toMatchObject({
            name: 'StorageInputError',
            rule: 'shape',
            field: field || 'submission',
          });
        // The older call form (score as its own argument) is checked the same way.
        await expect(
          recordSubmission(store.models, submission(a._id, 'shape-key-6'), { ...score('shape'), lineItemUrl: '' }),
        ).rejects.toMatchObject({ field: 'gradeSync.lineItemUrl' });
        expect(await store.models.Submission.countDocuments({ attemptId: a._id })).toBe(0);
        expect(await store.models.GradeSync.countDocuments({ attemptId: a._id })).toBe(0);
      });

      it('refuses oversized answers and documents, and odd idempotency keys, with the field and rule', async () => {
        const a = await createOrGetAttempt(store.models, attempt('big'));
        const huge = submission(a._id, 'big-key-12');
        huge.parts[0] = { ...huge.parts[0]!, raw: 'x'.repeat(5001) };
        await expect(recordSubmission(store.models, huge)).rejects.toMatchObject({
          field: 'submission.parts[0].raw',
          rule: 'max-raw-length',
        });
        const many = submission(a._id, 'big-key-13');
        many.parts = Array.from({ length: 250 }, (_, i) => ({
          ...many.parts[0]!,
          partKey: `p${i}`,
          raw: 'y'.repeat(4999),
        }));
        await expect(recordSubmission(store.models, many)).rejects.toMatchObject({
          field: 'submission',
          rule: 'max-document-size',
        });
        await expect(recordSubmission(store.models, submission(a._id, 'has space'))).rejects.toThrow(StorageInputError);
        expect(await store.models.Submission.countDocuments({ attemptId: a._id })).toBe(0);
      });
    });

    describe('activity settings and generated exams', () => {
      it('upserts settings per resource link, keeping who created them', async () => {
        const key = linkOf('r-settings');
        expect(await selectActivitySettings(store.models, key)).toBeNull();
        await Promise.all([
          upsertActivitySettings(store.models, key, {
            settings: DEFAULT_SETTINGS,
            title: 'Midterm',
            launchedBy: 'teacher',
          }),
          upsertActivitySettings(store.models, key, {
            settings: DEFAULT_SETTINGS,
            title: 'Midterm',
            launchedBy: 'teacher',
          }),
        ]);
        const settings = { ...DEFAULT_SETTINGS, attemptsAllowed: 2, timeLimitMinutes: 60, declinePerRetry: 0.1 };
        await upsertActivitySettings(store.models, key, {
          settings,
          title: 'Midterm 2',
          lineItemUrl: 'https://lms.example/li/1',
          launchedBy: 'student',
        });
        expect(await store.models.ActivitySettings.countDocuments(key)).toBe(1);
        // Another registration with every other id the same is another activity (activity-key.ts).
        const other = { ...key, clientId: 'another-registration' };
        await upsertActivitySettings(store.models, other, {
          settings: DEFAULT_SETTINGS,
          title: 'Theirs',
          launchedBy: 'their-teacher',
        });
        expect(await selectActivitySettings(store.models, other)).toMatchObject({
          title: 'Theirs',
          createdBy: 'their-teacher',
        });
        expect(await selectActivitySettings(store.models, key)).toMatchObject({ title: 'Midterm 2' });
        expect(await selectActivitySettings(store.models, key)).toMatchObject({
          createdBy: 'teacher',
          title: 'Midterm 2',
          lineItemUrl: 'https://lms.example/li/1',
          settings: { attemptsAllowed: 2, timeLimitMinutes: 60, declinePerRetry: 0.1 },
        });
        const bad = { ...DEFAULT_SETTINGS, feedbackMode: 'sometimes' } as unknown as typeof DEFAULT_SETTINGS;
        await expect(
          upsertActivitySettings(store.models, key, { settings: bad, title: 'x', launchedBy: 't' }),
        ).rejects.toThrow(/feedbackMode/);
      });

      it('records extra exam time per learner; ids with "." or "$" are stored under an encoded key, never as another field', async () => {
        const key = linkOf('r-settings');
        expect(await setExtraTimeMinutes(store.models, key, 'learner-7', 15)).toBe(true);
        expect(await setExtraTimeMinutes(store.models, key, 'a.b', 20)).toBe(true);
        expect(await setExtraTimeMinutes(store.models, key, '$inc', 25)).toBe(true);
        const doc = await selectActivitySettings(store.models, key);
        expect([
          extraTimeMinutesOf(doc, 'learner-7'),
          extraTimeMinutesOf(doc, 'a.b'),
          extraTimeMinutesOf(doc, '$inc'),
          extraTimeMinutesOf(doc, 'nobody'),
        ]).toEqual([15, 20, 25, 0]);
        expect(doc?.settings.timeLimitMinutes).toBe(60);
        expect(await setExtraTimeMinutes(store.models, key, 'a.b', 0)).toBe(true);
        expect(extraTimeMinutesOf(await selectActivitySettings(store.models, key), 'a.b')).toBe(0);
        await expect(setExtraTimeMinutes(store.models, key, 'learner-7', -5)).rejects.toThrow(StorageInputError);
        expect(await setExtraTimeMinutes(store.models, linkOf('no-such-link'), 'learner-7', 5)).toBe(false);
      });

      it('records generated exams and lists a course newest first', async () => {
        const course = { platformIssuer: 'https://lms.test', clientId: 'c1', deploymentId: 'd1', contextId: 'c-exams' };
        const base = {
          labels: ['A', 'B'],
          templateIds: ['gd', 'rnn'],
          templateVersions: [1, 1],
          lang: 'en',
          points: [5, 5],
          createdBy: 'teacher',
          ...course,
        };
        await insertGeneratedExam(store.models, { ...base, examSeed: 'old', createdAt: new Date('2030-01-01') });
        await insertGeneratedExam(store.models, {
          ...base,
          examSeed: 'new',
          createdAt: new Date('2030-02-01'),
          files: ['sheet-A.pdf', 'key-A.pdf'],
        });
        await insertGeneratedExam(store.models, {
          ...base,
          examSeed: 'cli',
          platformIssuer: undefined,
          clientId: undefined,
          deploymentId: undefined,
          contextId: undefined,
          createdAt: new Date('2030-03-01'),
        });
        expect((await selectGeneratedExams(store.models, { context: course })).map((e) => e.examSeed)).toEqual([
          'new',
          'old',
        ]);
        expect((await selectGeneratedExams(store.models)).map((e) => e.examSeed)).toContain('cli');
      });

      it("finds a course's printed exam by seed only in its own registration: another with the same course id and seed sees nothing", async () => {
        const siteA = { platformIssuer: 'https://moodle.test', clientId: 'site-a', deploymentId: '1', contextId: '2' };
        const siteB = { ...siteA, clientId: 'site-b' };
        const otherDeployment = { ...siteA, deploymentId: '2' };
        await insertGeneratedExam(store.models, {
          ...siteA,
          examSeed: 'final-2026',
          labels: ['A'],
          templateIds: ['gd'],
          templateVersions: [1],
          lang: 'en',
          points: [5],
          createdBy: 'teacher-a',
          createdAt: new Date('2030-04-01'),
        });
        expect(await selectGeneratedExamBySeed(store.models, siteA, 'final-2026')).toMatchObject({
          createdBy: 'teacher-a',
        });
        expect(await selectGeneratedExamBySeed(store.models, siteB, 'final-2026')).toBeNull();
        expect(await selectGeneratedExamBySeed(store.models, otherDeployment, 'final-2026')).toBeNull();
        expect(await selectGeneratedExams(store.models, { context: siteB })).toEqual([]);
      });
    });
  });
}

describe('connection', () => {
  it('fails fast and clearly when MongoDB cannot be reached', async () => {
    const started = Date.now();
    const failure = connectStore({
      mongodbUri: 'mongodb://user:secret@127.0.0.1:1/x',
      dataDir: '/tmp',
      logger: () => undefined,
      serverSelectionTimeoutMS: 500,
    });
    await expect(failure).rejects.toThrow(StoreUnavailableError);
    await expect(failure).rejects.toThrow(/cannot reach MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:1\/x within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('without MONGODB_URI starts the embedded store and says so in one line', async () => {
    const lines: string[] = [];
    const embedded = await connectStore({ dataDir: '/nonexistent', memory: true, logger: (l) => lines.push(l) });
    try {
      expect(lines.filter((l) => l.startsWith('No MONGODB_URI set'))).toEqual([
        expect.stringMatching(
          /in memory on 127\.0\.0\.1:\d+ — for trying the tool and for tests, not for production\.$/,
        ),
      ]);
      expect(embedded.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/exam-variants$/);
      await createOrGetAttempt(embedded.models, attempt('embedded'));
      expect(await selectAttemptsForUser(embedded.models, link, 'embedded')).toHaveLength(1);
    } finally {
      await embedded.close();
    }
  });

  it('keeps the durable embedded store (on its own thread) across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ev-thread-'));
    try {
      const lines: string[] = [];
      const first = await connectStore({ dataDir, logger: (l) => lines.push(l) });
      await createOrGetAttempt(first.models, attempt('durable'));
      await first.close();
      expect(lines.some((l) => l.includes(`in ${join(dataDir, 'store')} on 127.0.0.1:`))).toBe(true);
      // Closing it ourselves is not a lost connection (`npm start` stopping printed that line).
      await new Promise((r) => setTimeout(r, 50));
      expect(lines.filter((l) => l.includes('connection lost'))).toEqual([]);
      const second = await connectStore({ dataDir, logger: () => undefined });
      try {
        expect(await selectAttemptsForUser(second.models, link, 'durable')).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
