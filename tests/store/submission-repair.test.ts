import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Types } from 'mongoose';
import { storeTargets, type TestDatabase } from 'embedded-mongo/testing';
import { REPAIR_OVERLAP_MS, startSubmissionRepair } from '../../src/activity/submission-repair.ts';
import { connectStore, type ConnectedStore } from '../../src/store/connection.ts';
import { recordSubmission } from '../../src/store/repositories/submissions.ts';
import { newSubmission, queuedScore } from '../support/store-records.ts';

// The server's submission repair as it runs: a week back at start, then from shortly before the
// last completed run, and what a crash leaves between two runs is repaired by the next.
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** A scored submission of its own attempt by `userId`. */
const submission = (userId: string) => {
  const attemptId = new Types.ObjectId();
  return {
    ...newSubmission(attemptId, `key-${userId}`, 'r-repair'),
    userId,
    gradedAt: new Date(),
    gradeSync: queuedScore(userId, 'r-repair', 5, attemptId),
  };
};

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('submission repair'), () => {
    let db: TestDatabase;
    let store: ConnectedStore;
    beforeAll(async () => {
      db = await target.open();
      store = await connectStore({ mongodbUri: db.uri, dataDir: '/nonexistent', logger: () => undefined });
    });
    afterAll(async () => {
      await store?.conn.dropDatabase().catch(() => undefined);
      await store?.close();
      await db?.close();
    });

    /** Each read of the recent submissions from now on, as the earliest time it asked for. */
    function repairReads(): Date[] {
      const sinces: Date[] = [];
      store.conn.set(
        'debug',
        (collection: string, method: string, filter: { $or?: Array<Record<string, unknown>> }) => {
          const since = (filter.$or?.[0]?.submittedAt as { $gte?: Date } | undefined)?.$gte;
          if (collection === 'submissions' && method === 'find' && since) sinces.push(since);
        },
      );
      return sinces;
    }

    it('looks back a week at start, then from shortly before the last run, and repairs a crash between two runs', async () => {
      const sinces = repairReads();
      const lines: string[] = [];
      const started = Date.now();
      const repair = await startSubmissionRepair({ models: store.models, log: (l) => lines.push(l), intervalMs: 100 });
      try {
        expect(sinces).toHaveLength(1);
        expect(Math.abs(started - WEEK_MS - (sinces[0]?.getTime() ?? 0))).toBeLessThan(60_000);

        // A crash after the submission was stored, before its outbox record: between two runs.
        const { submission: stored } = await recordSubmission(store.models, submission('crashed'));
        await store.models.GradeSync.deleteOne({ submissionId: stored._id });
        for (let i = 0; i < 100 && !(await store.models.GradeSync.exists({ submissionId: stored._id })); i++)
          await new Promise((r) => setTimeout(r, 50));
        expect(await store.models.GradeSync.findOne({ submissionId: stored._id }).lean()).toMatchObject({
          status: 'pending',
          userId: 'crashed',
        });
        // The run reports once its repairs are done: its outbox record can be seen before that.
        await vi.waitFor(() => expect(lines.join('\n')).toContain('1 scores queued for the gradebook'), {
          timeout: 5_000,
          interval: 50,
        });
        // The runs after the first looked back from just before the run before them, not a week.
        const later = sinces.slice(1);
        expect(later.length).toBeGreaterThan(0);
        for (const since of later) {
          expect(since.getTime()).toBeGreaterThanOrEqual(started - REPAIR_OVERLAP_MS);
          expect(since.getTime()).toBeLessThanOrEqual(Date.now() - REPAIR_OVERLAP_MS);
        }
      } finally {
        await repair.stop();
        store.conn.set('debug', false);
      }
    });

    it('after a failed run, the next looks back from the last run that completed and repairs what the failure left', async () => {
      const sinces = repairReads();
      const lines: string[] = [];
      const repair = await startSubmissionRepair({ models: store.models, log: (l) => lines.push(l), intervalMs: 300 });
      try {
        // The next run's read fails (the store away); a crash leaves a gap meanwhile.
        const failedAfter = Date.now();
        vi.spyOn(store.models.Submission, 'find').mockImplementationOnce(() => {
          throw new Error('store away');
        });
        const { submission: stored } = await recordSubmission(store.models, submission('during-failure'));
        await store.models.GradeSync.deleteOne({ submissionId: stored._id });
        for (let i = 0; i < 100 && !(await store.models.GradeSync.exists({ submissionId: stored._id })); i++)
          await new Promise((r) => setTimeout(r, 50));
        expect(lines.join('\n')).toContain('submission repair failed (retried at the next run): store away');
        expect(await store.models.GradeSync.findOne({ submissionId: stored._id }).lean()).toMatchObject({
          status: 'pending',
          userId: 'during-failure',
        });
        // The read after the failure asked from before the failed run: the window did not move on.
        expect(sinces.length).toBeGreaterThanOrEqual(2);
        expect((sinces[1]?.getTime() ?? Infinity) + REPAIR_OVERLAP_MS).toBeLessThan(failedAfter);
      } finally {
        vi.restoreAllMocks();
        await repair.stop();
        store.conn.set('debug', false);
      }
    });
  });
}
