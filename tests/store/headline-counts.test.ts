import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets, type TestDatabase } from 'embedded-mongo/testing';
import { DEFAULT_SETTINGS, type ActivitySettings } from '../../src/activity/activity-settings.ts';
import { deriveAttemptSeed } from '../../src/activity/attempt-seed.ts';
import { openCurrentAttempt } from '../../src/activity/attempt-service.ts';
import { drawAttemptProblems, type CountHeadlines } from '../../src/activity/draw-attempt-problems.ts';
import { activityKeyOf, type LaunchIdentity } from '../../src/activity/launch-identity.ts';
import { connectStore, type ConnectedStore } from '../../src/store/connection.ts';
import { learnerIdentity } from '../support/learner-identity.ts';
import { activityFilter, type ActivityKey } from '../../src/store/models/activity-key.ts';
import type { AttemptDoc } from '../../src/store/models/attempt.ts';
import type { Models } from '../../src/store/models/index.ts';
import { createOrGetAttempt, selectAttemptsOfActivity } from '../../src/store/repositories/attempts.ts';
import { backfillHeadlineCounts, countHeadlinesInActivity } from '../../src/store/repositories/headline-counts.ts';

// The storage contract of the draw's headline counters, on the embedded store and (TEST_MONGODB_URI)
// a real MongoDB: the counters must say what counting the activity's attempts says.
const SECRET = 'headline-counts-test-secret';
// gd alone: 53 headline values, so a class of 70 runs out of free ones and the draw's second round counts.
const GD_ONLY: ActivitySettings = { ...DEFAULT_SETTINGS, templates: ['gd'], points: [5] };
const TWO: ActivitySettings = { ...DEFAULT_SETTINGS, templates: ['policy', 'gd'], points: [5, 5] };

const identity = (resourceLinkId: string, userId: string): LaunchIdentity => learnerIdentity(resourceLinkId, userId);

/** What the draw asked of the store before the counters: the activity's attempts, counted. */
function countingAttempts(models: Models, key: ActivityKey): CountHeadlines {
  return async (wanted) => {
    const out = new Map<string, Map<string, number>>();
    for (const attempt of await selectAttemptsOfActivity(models, key))
      for (const p of attempt.problems) {
        if (p.headline === undefined || !wanted.get(p.templateId)?.includes(p.headline)) continue;
        const family = out.get(p.templateId) ?? new Map<string, number>();
        family.set(p.headline, (family.get(p.headline) ?? 0) + 1);
        out.set(p.templateId, family);
      }
    return out;
  };
}

/** Every (family, headline) the activity's attempts hold, with how many hold it. */
async function attemptCounts(models: Models, key: ActivityKey): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const attempt of await selectAttemptsOfActivity(models, key))
    for (const p of attempt.problems)
      if (p.headline !== undefined)
        out.set(`${p.templateId} ${p.headline}`, (out.get(`${p.templateId} ${p.headline}`) ?? 0) + 1);
  return out;
}

/** What the counters say for exactly those (family, headline) pairs. */
async function counterCounts(models: Models, key: ActivityKey, pairs: Iterable<string>): Promise<Map<string, number>> {
  const wanted = new Map<string, string[]>();
  for (const pair of pairs) {
    const [templateId, headline] = [pair.slice(0, pair.indexOf(' ')), pair.slice(pair.indexOf(' ') + 1)];
    wanted.set(templateId, [...(wanted.get(templateId) ?? []), headline]);
  }
  const counts = await countHeadlinesInActivity(models, key, wanted);
  const out = new Map<string, number>();
  for (const [templateId, family] of counts) for (const [h, n] of family) if (n !== 0) out.set(`${templateId} ${h}`, n);
  return out;
}

/** An attempt as a version before the counters stored it (no headlinesCounted). */
async function insertOldAttempt(models: Models, id: LaunchIdentity, settings: ActivitySettings): Promise<void> {
  const problems = await drawAttemptProblems(
    settings,
    (i) => deriveAttemptSeed(SECRET, id, 1, i),
    countingAttempts(models, activityKeyOf(id)),
  );
  await models.Attempt.collection.insertOne({
    ...activityKeyOf(id),
    userId: id.userId,
    userName: id.userName,
    isStaff: false,
    roles: [],
    attemptNumber: 1,
    templateIds: problems.map((p) => p.templateId),
    problems,
    draft: {},
    startedAt: new Date(),
    status: 'open',
  });
}

let mongo: TestDatabase;
let store: ConnectedStore;
/** A second app instance on the same store: its own connection, batchers and backfill bookkeeping. */
let other: ConnectedStore;

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('headline counters'), () => {
    beforeAll(async () => {
      mongo = await target.open();
      store = await connectStore({ mongodbUri: mongo.uri, dataDir: '/nonexistent', logger: () => undefined });
      other = await connectStore({ mongodbUri: mongo.uri, dataDir: '/nonexistent', logger: () => undefined });
    });
    afterAll(async () => {
      await store?.conn.dropDatabase().catch(() => undefined);
      await other?.close();
      await store?.close();
      await mongo?.close();
    });

    it("draws for each new learner what counting the activity's attempts draws, past the point where every headline is taken", async () => {
      const key = activityKeyOf(identity('r-same', 'x'));
      for (let n = 0; n < 70; n++) {
        const id = identity('r-same', `learner-${n}`);
        const seedOf = (i: number) => deriveAttemptSeed(SECRET, id, 1, i);
        const expected = await drawAttemptProblems(GD_ONLY, seedOf, countingAttempts(store.models, key));
        const opened = await openCurrentAttempt(store.models, SECRET, id, GD_ONLY);
        expect(opened.attempt.problems.map(({ partsAsked: _, ...p }) => p)).toEqual(expected);
      }
      // Past 53 learners every gd headline is taken: the draw chose among counts of 1 and 2.
      const counts = await attemptCounts(store.models, key);
      expect(counts.size).toBe(53);
      expect(Math.max(...counts.values())).toBe(2);
      expect(await counterCounts(store.models, key, counts.keys())).toEqual(counts);
    });

    it('counts the attempts an activity had before the counters (the backfill), once, also when two instances and a restart run it', async () => {
      const old = identity('r-old', 'x');
      const key = activityKeyOf(old);
      for (let n = 0; n < 12; n++) await insertOldAttempt(store.models, identity('r-old', `old-${n}`), TWO);
      const before = await attemptCounts(store.models, key);
      expect([...before.values()].reduce((a, b) => a + b)).toBe(24);
      // Two instances find the activity unmarked at the same moment and both backfill it.
      const [a, b] = await Promise.all([
        counterCounts(store.models, key, before.keys()),
        counterCounts(other.models, key, before.keys()),
      ]);
      expect(a).toEqual(before);
      expect(b).toEqual(before);
      // A backfill cut short before its mark (a restart) runs again, and sets the same numbers.
      await store.models.HeadlineCount.collection.deleteOne({ ...activityFilter(key), templateId: '', headline: '' });
      await backfillHeadlineCounts(other.models, key);
      expect(await counterCounts(store.models, key, before.keys())).toEqual(before);
      // New learners are counted on top of the old attempts, and still draw as counting attempts does.
      for (let n = 0; n < 6; n++) {
        const id = identity('r-old', `new-${n}`);
        const expected = await drawAttemptProblems(
          TWO,
          (i) => deriveAttemptSeed(SECRET, id, 1, i),
          countingAttempts(store.models, key),
        );
        const opened = await openCurrentAttempt(n % 2 ? store.models : other.models, SECRET, id, TWO);
        expect(opened.attempt.problems.map(({ partsAsked: _, ...p }) => p)).toEqual(expected);
      }
      const after = await attemptCounts(store.models, key);
      expect([...after.values()].reduce((x, y) => x + y)).toBe(36);
      expect(await counterCounts(store.models, key, after.keys())).toEqual(after);
    });

    it('counts an attempt once when the same learner launches twice at once, and every learner of a class launching at once', async () => {
      const key = activityKeyOf(identity('r-race', 'x'));
      // A double click, on two instances: one attempt, counted once.
      const twice = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          openCurrentAttempt(i % 2 ? store.models : other.models, SECRET, identity('r-race', 'double'), TWO),
        ),
      );
      expect(new Set(twice.map((s) => s.attempt._id.toHexString())).size).toBe(1);
      // Then a class, all at once, over both instances.
      await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          openCurrentAttempt(n % 2 ? store.models : other.models, SECRET, identity('r-race', `class-${n}`), TWO),
        ),
      );
      const counts = await attemptCounts(store.models, key);
      expect([...counts.values()].reduce((a, b) => a + b)).toBe(62);
      expect(await counterCounts(store.models, key, counts.keys())).toEqual(counts);
    });

    it('keeps counters per activity: the same ids under another registration count nothing of this one', async () => {
      const id = identity('r-keyed', 'learner');
      const state = await openCurrentAttempt(store.models, SECRET, id, TWO);
      const pairs = state.attempt.problems.map((p) => `${p.templateId} ${p.headline}`);
      expect((await counterCounts(store.models, activityKeyOf(id), pairs)).size).toBe(2);
      const otherClient = { ...activityKeyOf(id), clientId: 'another-client' };
      expect((await counterCounts(store.models, otherClient, pairs)).size).toBe(0);
    });

    it('answers reads of the same moment (read together) each with its own activity and headlines', async () => {
      const pairsOf = async (link: string, users: string[]) => {
        for (const u of users) await openCurrentAttempt(store.models, SECRET, identity(link, u), TWO);
        return [...(await attemptCounts(store.models, activityKeyOf(identity(link, 'x')))).keys()];
      };
      const a = await pairsOf('r-group-a', ['a1', 'a2', 'a3']);
      const b = await pairsOf('r-group-b', ['b1', 'b2']);
      const keyA = activityKeyOf(identity('r-group-a', 'x'));
      const keyB = activityKeyOf(identity('r-group-b', 'x'));
      // Asked in one tick: two activities, one of them twice with other headlines, each headline of both.
      const [ofA, ofB, ofAFirst, bothInA] = await Promise.all([
        counterCounts(store.models, keyA, a),
        counterCounts(store.models, keyB, b),
        counterCounts(store.models, keyA, a.slice(0, 1)),
        counterCounts(store.models, keyA, [...a, ...b]),
      ]);
      expect(ofA).toEqual(await attemptCounts(store.models, keyA));
      expect(ofB).toEqual(await attemptCounts(store.models, keyB));
      expect([...ofAFirst.keys()]).toEqual(a.slice(0, 1));
      expect(bothInA).toEqual(new Map([...(await attemptCounts(store.models, keyA))]));
    });

    it('reads a class of counters in one round trip, past the first batch of 101 documents', async () => {
      for (let n = 0; n < 60; n++)
        await openCurrentAttempt(store.models, SECRET, identity('r-many', `learner-${n}`), DEFAULT_SETTINGS);
      const key = activityKeyOf(identity('r-many', 'x'));
      const counts = await attemptCounts(store.models, key);
      expect(counts.size).toBeGreaterThan(101);
      const getMores = async () => {
        const status = await store.conn.db!.admin().command({ serverStatus: 1 });
        return Number(
          (status.metrics as { commands: Record<string, { total: unknown }> }).commands.getMore?.total ?? 0,
        );
      };
      const before = await getMores();
      expect(await counterCounts(store.models, key, counts.keys())).toEqual(counts);
      expect(await getMores()).toBe(before);
    });

    it('creates the attempt without counting it when its input is refused', async () => {
      const id = identity('r-refused', 'learner');
      const key = activityKeyOf(id);
      const bad = {
        ...key,
        userId: 'learner',
        userName: 'learner',
        isStaff: false,
        attemptNumber: 0,
        problems: [
          { templateId: 'gd', templateVersion: 3, seed: 's', params: {}, points: 5, headline: 'h' },
        ] as AttemptDoc['problems'],
        startedAt: new Date(),
      };
      await expect(createOrGetAttempt(store.models, bad)).rejects.toThrow(/attemptNumber/);
      expect(await store.models.HeadlineCount.countDocuments({ ...activityFilter(key) })).toBe(0);
    });
  });
}
