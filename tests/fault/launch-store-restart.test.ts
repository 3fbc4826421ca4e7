import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from 'embedded-mongo';
import { DEFAULT_SETTINGS, type ActivitySettings } from '../../src/activity/activity-settings.ts';
import { openCurrentAttempt } from '../../src/activity/attempt-service.ts';
import { activityKeyOf, type LaunchIdentity } from '../../src/activity/launch-identity.ts';
import { connectStore, type ConnectedStore } from '../../src/store/connection.ts';
import { selectAttemptsOfActivity } from '../../src/store/repositories/attempts.ts';
import { countHeadlinesInActivity } from '../../src/store/repositories/headline-counts.ts';
import { answerFor } from '../../src/web/error-handler.ts';
import { untilTheStoreAnswers } from './support/store-retry.ts';

// A launch that creates a learner's first attempt writes twice: the headline counters, then the
// attempt. The durable store restarts at the worst moments; the launch answers "not saved" (503)
// or creates the attempt, the learner's next launch opens their attempt, and no headline is ever
// counted less often than attempts hold it (a count too low would give a neighbour the same answer).
const SECRET = 'launch-store-restart-secret';
const SETTINGS: ActivitySettings = { ...DEFAULT_SETTINGS, templates: ['policy', 'gd'], points: [5, 5] };
const identity = (userId: string): LaunchIdentity => ({
  issuer: 'https://lms.example',
  clientId: 'client',
  deploymentId: 'd1',
  contextId: 'c1',
  contextTitle: 'Course',
  resourceLinkId: 'restart-link',
  resourceTitle: 'Exam',
  userId,
  userName: userId,
  roles: [],
  isStaff: false,
  locale: 'en',
  lineItemUrl: undefined,
  custom: {},
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a launch while the store restarts', () => {
  it('answers "not saved" or creates the attempt, the next launch opens it, and the counters never fall below the attempts', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'ev-launch-restart-'));
    dirs.push(dbPath);
    let server: EmbeddedStore = await startEmbeddedStore({ dbPath });
    const port = server.port;
    const restart = async () => {
      server = await startEmbeddedStore({ dbPath, port });
    };
    const store: ConnectedStore = await connectStore({
      mongodbUri: `${server.uri}/exam-variants`,
      dataDir: '/nonexistent',
      logger: () => undefined,
      serverSelectionTimeoutMS: 1_500,
    });
    const { models } = store;
    /** The next attempt insert (the collection's insertMany) goes through `around`; later ones as usual. */
    const onNextAttemptInsert = (around: (insert: () => Promise<unknown>) => Promise<unknown>) => {
      const collection = models.Attempt.collection as unknown as {
        insertMany: (...args: unknown[]) => Promise<unknown>;
      };
      const insertMany = collection.insertMany;
      collection.insertMany = function (this: unknown, ...args: unknown[]) {
        collection.insertMany = insertMany;
        return around(() => insertMany.apply(this, args));
      };
    };
    const key = activityKeyOf(identity('x'));
    try {
      // Neighbours first, so the counters exist and the activity is marked.
      for (const n of [1, 2, 3]) await openCurrentAttempt(models, SECRET, identity(`before-${n}`), SETTINGS);

      // 1. The store stops after the attempt's headlines were counted, before the attempt is stored.
      onNextAttemptInsert(async (insert) => {
        await server.close();
        return insert();
      });
      const cut = await openCurrentAttempt(models, SECRET, identity('cut'), SETTINGS).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(cut).toBeDefined();
      expect(answerFor(cut).status).toBe(503);
      await restart();
      // The learner launches again: a new draw, an attempt, and the same one on every launch after.
      const again = await untilTheStoreAnswers(() => openCurrentAttempt(models, SECRET, identity('cut'), SETTINGS));
      const reopened = await openCurrentAttempt(models, SECRET, identity('cut'), SETTINGS);
      expect(reopened.attempt._id.equals(again.attempt._id)).toBe(true);

      // 2. The store stops right after the attempt was stored: the launch has what it needs.
      onNextAttemptInsert(async (insert) => {
        const saved = await insert();
        await server.close();
        return saved;
      });
      const stored = await openCurrentAttempt(models, SECRET, identity('stored'), SETTINGS);
      await restart();
      const storedAgain = await untilTheStoreAnswers(() =>
        openCurrentAttempt(models, SECRET, identity('stored'), SETTINGS),
      );
      expect(storedAgain.attempt._id.equals(stored.attempt._id)).toBe(true);

      // 3. Killed while a class launches at once: the store closes as the first insert of the
      // storm's attempts (those of the same moment go in one command) is sent, then comes back.
      onNextAttemptInsert(async (insert) => {
        await server.close();
        return insert();
      });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => openCurrentAttempt(models, SECRET, identity(`storm-${n}`), SETTINGS)),
      );
      expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
      for (const o of outcomes) if (o.status === 'rejected') expect(answerFor(o.reason).status).toBe(503);
      await restart();
      for (let n = 0; n < 20; n++)
        await untilTheStoreAnswers(() => openCurrentAttempt(models, SECRET, identity(`storm-${n}`), SETTINGS));

      // One attempt per learner, each reopened as it was, and every headline counted at least as
      // often as attempts hold it (more only by launches the restart cut).
      const attempts = await untilTheStoreAnswers(() => selectAttemptsOfActivity(models, key));
      expect(new Set(attempts.map((a) => a.userId)).size).toBe(attempts.length);
      expect(attempts).toHaveLength(3 + 1 + 1 + 20);
      const held = new Map<string, Map<string, number>>();
      for (const a of attempts)
        for (const p of a.problems) {
          const family = held.get(p.templateId) ?? new Map<string, number>();
          family.set(p.headline ?? '', (family.get(p.headline ?? '') ?? 0) + 1);
          held.set(p.templateId, family);
        }
      const counted = await countHeadlinesInActivity(
        models,
        key,
        new Map([...held].map(([t, family]) => [t, [...family.keys()]])),
      );
      let over = 0;
      for (const [t, family] of held)
        for (const [h, n] of family) {
          const c = counted.get(t)?.get(h) ?? 0;
          expect(c, `${t} ${h}`).toBeGreaterThanOrEqual(n);
          over += c - n;
        }
      // At most the cut launches' own headlines (launch 1, and the storm's cut ones), two problems each.
      expect(over).toBeLessThanOrEqual(2 * (1 + outcomes.filter((o) => o.status === 'rejected').length));
    } finally {
      await store.close();
      await server.close().catch(() => undefined);
    }
  }, 120_000);
});
