import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ActivitySettings } from '../../src/activity/activity-settings.ts';
import { openCurrentAttempt, submitAttempt } from '../../src/activity/attempt-service.ts';
import { activityKeyOf, type LaunchIdentity } from '../../src/activity/launch-identity.ts';
import { applyRegrade, REAPPLY_WINDOW_MS } from '../../src/activity/regrade.ts';
import { repairInterruptedSubmits } from '../../src/activity/submission-repair.ts';
import { connectStore, type ConnectedStore } from '../../src/store/connection.ts';
import { upsertActivitySettings } from '../../src/store/repositories/activity-settings.ts';
import { learnerIdentity } from '../support/learner-identity.ts';

// A submit reads the regrade rules when its request arrives and stores its submission a moment
// later; an instructor's rule applied in between used to miss it for good.
const SECRET = 'regrade-while-submitting-secret';
const SETTINGS: ActivitySettings = { ...DEFAULT_SETTINGS, templates: ['batchnorm', 'gd'], points: [5, 5] };
const DISCOUNT = { problemIndex: 0, partKey: 'jacobian', action: 'discount' as const };

const learner = (userId: string, resourceLinkId = 'exam-1'): LaunchIdentity =>
  learnerIdentity(resourceLinkId, userId, { lineItemUrl: `https://lms.example/lineitems/${resourceLinkId}?type_id=1` });

let store: ConnectedStore;
beforeAll(async () => {
  store = await connectStore({ dataDir: '/nonexistent', memory: true, logger: () => undefined });
});
afterAll(async () => {
  await store.close();
});

/** The learner's submit as it went in the race: graded with the rules read before the rule was applied. */
async function submitGradedWithRulesBefore(id: LaunchIdentity, now: Date) {
  const state = await openCurrentAttempt(store.models, SECRET, id, SETTINGS, now);
  return submitAttempt(store.models, state, id, SETTINGS, {}, `key-${id.userId}`, 'en', {
    now,
    regradeRules: Promise.resolve([]),
  });
}

/** The race as it ends: the activity's rule applied at `at`, then the learner's submit graded without it stored. */
async function ruleThenSubmitGradedWithout(id: LaunchIdentity, title: string, at: Date) {
  const key = activityKeyOf(id);
  await upsertActivitySettings(store.models, key, { settings: SETTINGS, title, launchedBy: 'teacher' });
  const changedByRule = await applyRegrade(store.models, key, DISCOUNT, SETTINGS, 'teacher', 'en', at);
  return { changedByRule, stored: await submitGradedWithRulesBefore(id, at) };
}

describe('a regrade applied while a submit is in flight', () => {
  it('the repair grades the submit the rule missed again: a new version with the rule, its score queued, and nothing more on the next run', async () => {
    const id = learner('alice');
    const key = activityKeyOf(id);
    await upsertActivitySettings(store.models, key, { settings: SETTINGS, title: 'Exam', launchedBy: 'teacher' });
    const start = new Date();
    // The submit has read the rules (none yet) when the instructor applies a discount: the
    // regrade finds no submission to change, and the submit is stored after it, without the rule.
    await openCurrentAttempt(store.models, SECRET, id, SETTINGS, start);
    expect(await applyRegrade(store.models, key, DISCOUNT, SETTINGS, 'teacher', 'en', start)).toBe(0);
    const stored = await submitGradedWithRulesBefore(id, start);
    expect(stored.submission.parts.find((p) => p.partKey === 'jacobian')?.score).toBe(0);

    const repaired = await repairInterruptedSubmits(store.models, new Date(start.getTime() + 60_000));
    expect(repaired.regraded).toBe(1);
    const versions = await store.models.Submission.find({ userId: 'alice' }).sort({ version: 1 }).lean();
    expect(versions).toHaveLength(2);
    expect(versions[1]).toMatchObject({ version: 2, regradeOf: stored.submission._id });
    expect(versions[1]?.handIn).toBeUndefined();
    expect(versions[1]?.parts.find((p) => p.partKey === 'jacobian')).toMatchObject({ score: 1 });
    expect(versions[1]?.scoreFraction).toBeGreaterThan(stored.submission.scoreFraction);
    // The gradebook gets the regraded score: the newest record is pending, the older one superseded.
    const queued = await store.models.GradeSync.find({ userId: 'alice' }).sort({ timestamp: 1 }).lean();
    expect(queued.map((q) => q.status)).toEqual(['superseded', 'pending']);
    expect(queued[1]?.scoreGiven).toBeGreaterThan(queued[0]?.scoreGiven ?? Infinity);
    const attempt = await store.models.Attempt.findOne({ userId: 'alice' }).lean();
    expect(attempt?.lastScore).toBe(versions[1]?.scoreFraction);

    // Again: nothing left to change.
    expect((await repairInterruptedSubmits(store.models, new Date(start.getTime() + 120_000))).regraded).toBe(0);
    expect(await store.models.Submission.countDocuments({ userId: 'alice' })).toBe(2);
  });

  it('leaves activities whose rules are older than the window alone', async () => {
    const start = new Date();
    await ruleThenSubmitGradedWithout(learner('bob', 'exam-2'), 'Exam 2', start);
    const later = new Date(start.getTime() + REAPPLY_WINDOW_MS + 60_000);
    expect((await repairInterruptedSubmits(store.models, later)).regraded).toBe(0);
    expect(await store.models.Submission.countDocuments({ userId: 'bob' })).toBe(1);
  });

  it('an activity that cannot be graded again is reported and skipped: the others are, and the repair (the start of the tool) goes on', async () => {
    const start = new Date();
    const broken = learner('carol', 'exam-3');
    await ruleThenSubmitGradedWithout(broken, 'Exam 3', start);
    // A template this version of the tool no longer has.
    await store.models.Attempt.collection.updateOne(
      { userId: 'carol' },
      { $set: { 'problems.0.templateId': 'retired-template' } },
    );
    await ruleThenSubmitGradedWithout(learner('dave', 'exam-4'), 'Exam 4', start);

    const lines: string[] = [];
    const repaired = await repairInterruptedSubmits(store.models, new Date(start.getTime() + 60_000), (l) =>
      lines.push(l),
    );
    // Dave (and bob, of the test before, whose rule is recent at this run's time) graded again.
    expect(repaired.regraded).toBeGreaterThanOrEqual(1);
    expect(await store.models.Submission.countDocuments({ userId: 'dave' })).toBe(2);
    expect(await store.models.Submission.countDocuments({ userId: 'carol' })).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/activity exam-3 \(c1\): .*retired-template.*tried again at the next repair/);
  });

  it('a second registration with the same ids is not regraded by the rule of the first', async () => {
    const start = new Date();
    const first = learner('erin', 'exam-5');
    const second = { ...first, clientId: 'client-2' };
    await ruleThenSubmitGradedWithout(first, 'Exam 5', start);
    // The other registration: same issuer, deployment, course, link and learner ids, no rule.
    await upsertActivitySettings(store.models, activityKeyOf(second), {
      settings: SETTINGS,
      title: 'Exam 5',
      launchedBy: 'teacher',
    });
    await submitGradedWithRulesBefore(second, start);
    await repairInterruptedSubmits(store.models, new Date(start.getTime() + 60_000));
    const byClient = async (clientId: string) => {
      const attempt = await store.models.Attempt.findOne({ userId: 'erin', clientId }).lean();
      return store.models.Submission.find({ attemptId: attempt?._id }).lean();
    };
    expect(await byClient('client')).toHaveLength(2);
    const untouched = await byClient('client-2');
    expect(untouched).toHaveLength(1);
    expect(untouched[0]?.parts.find((p) => p.partKey === 'jacobian')?.score).toBe(0);
  });
});
