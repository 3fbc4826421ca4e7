import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsToCustom } from '../../src/activity/activity-settings.ts';
import { hiddenField, pressStart, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;
let linkId = '';

beforeAll(async () => {
  // The sweeper runs on its own every 200 ms here (10 s in production).
  app = await startTestServer({ sweepIntervalMs: 200 });
  const settings = {
    ...DEFAULT_SETTINGS,
    templates: ['gd' as const],
    points: [5],
    attemptsAllowed: 1,
    timeLimitMinutes: 30,
    title: 'Timed exam',
  };
  linkId = app.sandbox?.state.addLink('Timed exam', settingsToCustom(settings), 5).id ?? '';
});
afterAll(async () => {
  await app.cleanup();
});

/** Launches, types (autosave), and closes the tab: no request from this student after that. */
async function startAndLeave(user: string, typed: Record<string, string>) {
  const browser = new TestBrowser();
  const page = await pressStart(
    browser,
    app.baseUrl,
    (await browser.navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=${linkId}`)).body,
  );
  const saved = await browser.request(`${app.baseUrl}/quiz`, {
    form: { session: hiddenField(page.body, 'session'), action: 'save', ...typed },
    headers: { accept: 'application/json' },
  });
  expect(saved.status).toBe(200);
  const attempt = await app.store.models.Attempt.findOne({ userId: user, resourceLinkId: linkId }).lean();
  if (!attempt) throw new Error('no attempt');
  return attempt;
}

describe('the deadline sweeper', () => {
  it('closes an attempt whose time ran out with the tab closed, grades the saved draft and sends the score', async () => {
    const attempt = await startAndLeave('alice', { 'answer:0:alphaStar': '1/6', 'answer:0:converge': '(0, 1/3)' });
    // Time ran out 16 s ago: past the 15 s grace.
    await app.store.models.Attempt.updateOne(
      { _id: attempt._id },
      { $set: { deadlineAt: new Date(Date.now() - 16_000) } },
    );
    await expect
      .poll(async () => (await app.store.models.Attempt.findById(attempt._id).lean())?.status, { timeout: 5_000 })
      .toBe('submitted');
    expect(await app.store.models.Submission.countDocuments({ attemptId: attempt._id })).toBe(1);
    const submission = await app.store.models.Submission.findOne({ attemptId: attempt._id }).lean();
    expect(submission?.auto).toBe(true);
    expect(submission?.parts.find((p) => p.partKey === 'alphaStar')).toMatchObject({ raw: '1/6', score: 1 });
    // The score is queued and reaches the gradebook with the worker's next round.
    expect(await app.drainGradeSync()).toBe(1);
    const lineItem = app.sandbox?.state.links.get(linkId)?.lineItemId ?? '';
    expect(app.sandbox?.state.scores.get(lineItem)?.get('alice')).toMatchObject({
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      scoreMaximum: 5,
    });
    // Sweeping again changes nothing.
    expect(await app.sweepDeadlines()).toEqual({ closed: 0, failed: 0 });
    expect(await app.store.models.Submission.countDocuments({ attemptId: attempt._id })).toBe(1);
  });

  it('grades a Czech draft in the notation it was typed in ("1,5" is a decimal comma)', async () => {
    const attempt = await startAndLeave('chloe', { 'answer:0:converge': '(0; 1,5)' });
    expect(attempt.draftLang).toBe('cs');
    await app.store.models.Attempt.updateOne(
      { _id: attempt._id },
      { $set: { deadlineAt: new Date(Date.now() - 16_000) } },
    );
    await expect
      .poll(async () => (await app.store.models.Attempt.findById(attempt._id).lean())?.status, { timeout: 5_000 })
      .toBe('submitted');
    const submission = await app.store.models.Submission.findOne({ attemptId: attempt._id }).lean();
    const converge = submission?.parts.find((p) => p.partKey === 'converge');
    // Read (an interval from 0 to 1.5), so graded, not left unreadable for the instructor.
    expect(converge).toMatchObject({ raw: '(0; 1,5)', pendingManual: false });
    expect(submission?.lang).toBe('cs');
    await app.drainGradeSync();
  });

  it('leaves an attempt alone within the grace after its deadline (the last autosave may be on its way)', async () => {
    const attempt = await startAndLeave('bob', { 'answer:0:alphaStar': '1/3' });
    await app.store.models.Attempt.updateOne(
      { _id: attempt._id },
      { $set: { deadlineAt: new Date(Date.now() - 5_000) } },
    );
    await app.sweepDeadlines();
    expect((await app.store.models.Attempt.findById(attempt._id).lean())?.status).toBe('open');
    expect(await app.store.models.Submission.countDocuments({ attemptId: attempt._id })).toBe(0);
  });
});
