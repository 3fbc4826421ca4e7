import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, ObjectId } from 'mongodb';
import { Types } from 'mongoose';
import { storeTargets, type TestDatabase } from 'embedded-mongo/testing';
import { connectStore, type ConnectedStore } from '../../src/store/connection.ts';
import { recordSubmission, type NewSubmission } from '../../src/store/repositories/submissions.ts';

// The storage contract behind "an attempt takes one hand-in", on the embedded store and
// (TEST_MONGODB_URI) a real MongoDB: the unique index over hand-ins, built over a store that holds
// records from before it, and graded versions beside the hand-in they grade again.
const submission = (attemptId: Types.ObjectId, idempotencyKey: string, extra: Partial<NewSubmission> = {}) =>
  ({
    attemptId,
    userId: 'u1',
    resourceLinkId: 'link-1',
    idempotencyKey,
    parts: [],
    rawScore: 0.5,
    scoreFraction: 0.5,
    points: 5,
    maxPoints: 10,
    pendingManual: false,
    graderVersion: 1,
    templateVersions: [1],
    auto: false,
    version: 1,
    submittedAt: new Date(),
    ...extra,
  }) satisfies NewSubmission;

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('one hand-in per attempt'), () => {
    let db: TestDatabase;
    let store: ConnectedStore;
    const oldAttempt = new Types.ObjectId();
    beforeAll(async () => {
      db = await target.open();
      // Two submissions of one attempt stored before the hand-in was marked (the bug this closes).
      const raw = new MongoClient(db.uri);
      await raw
        .db()
        .collection('submissions')
        .insertMany(
          ['tab-a', 'tab-b'].map((key) => ({
            ...submission(oldAttempt, key),
            _id: new ObjectId(),
            attemptId: new ObjectId(oldAttempt.toHexString()),
          })),
        );
      await raw.close();
      store = await connectStore({ mongodbUri: db.uri, dataDir: '/nonexistent', logger: () => undefined });
    });
    afterAll(async () => {
      await store?.close();
      await db?.close();
    });

    it('builds over a store holding two old submissions of one attempt, which stay as they were', async () => {
      expect(await store.models.Submission.countDocuments({ attemptId: oldAttempt })).toBe(2);
      const indexes = await store.models.Submission.collection.indexes();
      expect(indexes.find((i) => i.name === 'one_hand_in_per_attempt')).toMatchObject({
        unique: true,
        partialFilterExpression: { handIn: true },
      });
    });

    it('stores the first hand-in of an attempt and refuses a second under another key, naming the first', async () => {
      const attemptId = new Types.ObjectId();
      const first = await recordSubmission(store.models, submission(attemptId, 'tab-a', { handIn: true }));
      expect(first).toMatchObject({ duplicate: false });
      expect(first.handedInBefore).toBeUndefined();
      const second = await recordSubmission(
        store.models,
        submission(attemptId, 'tab-b', { handIn: true, scoreFraction: 1 }),
      );
      expect(second).toMatchObject({ duplicate: false, handedInBefore: true });
      expect(second.submission._id.equals(first.submission._id)).toBe(true);
      // The same key again is the same submit (a retry), as before.
      const retry = await recordSubmission(store.models, submission(attemptId, 'tab-a', { handIn: true }));
      expect(retry).toMatchObject({ duplicate: true });
      expect(await store.models.Submission.countDocuments({ attemptId })).toBe(1);
    });

    it('many hand-ins of one attempt at once: exactly one is stored, and every other call names it', async () => {
      const attemptId = new Types.ObjectId();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          recordSubmission(store.models, submission(attemptId, `tab-${i}`, { handIn: true })),
        ),
      );
      const stored = results.filter((r) => !r.duplicate && !r.handedInBefore);
      expect(stored).toHaveLength(1);
      for (const r of results) expect(r.submission._id.equals(stored[0]?.submission._id)).toBe(true);
      expect(await store.models.Submission.countDocuments({ attemptId })).toBe(1);
    });

    it('takes graded versions of the attempt beside its hand-in: they are no hand-ins', async () => {
      const attemptId = new Types.ObjectId();
      await recordSubmission(store.models, submission(attemptId, 'tab-a', { handIn: true }));
      const version = await recordSubmission(
        store.models,
        submission(attemptId, 'version:2', { version: 2, scoreFraction: 1 }),
      );
      expect(version).toMatchObject({ duplicate: false });
      expect(version.handedInBefore).toBeUndefined();
      expect(await store.models.Submission.countDocuments({ attemptId })).toBe(2);
    });
  });
}
