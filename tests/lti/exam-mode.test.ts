import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsToCustom } from '../../src/activity/activity-settings.ts';
import { hiddenField, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;
let linkId = '';

beforeAll(async () => {
  app = await startTestServer();
  const settings = { ...DEFAULT_SETTINGS, templates: ['gd' as const], points: [5], attemptsAllowed: 1, timeLimitMinutes: 30, feedbackMode: 'afterDue' as const, showSolutions: 'afterDue' as const, dueAt: new Date(Date.now() + 86_400_000).toISOString(), title: 'Final exam' };
  linkId = app.sandbox?.state.addLink('Final exam', settingsToCustom(settings), 5).id ?? '';
});
afterAll(async () => {
  await app.cleanup();
});

describe('exam mode', () => {
  it('counts time on the server and grades what was saved when time is up; feedback waits for the due date', async () => {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=${linkId}`);
    expect(page.body).toMatch(/Time left: <strong>30 min/);
    const ltik = hiddenField(page.body, 'ltik');
    // "check" saves the draft: nothing typed is lost even if the student never presses submit.
    await browser.request(`${app.baseUrl}/quiz`, { form: { ltik, action: 'check', 'answer:0:alphaStar': '1/6', 'answer:0:converge': '(0, 1/3)' } });
    const attempt = await app.store.models.Attempt.findOne({ userId: 'alice', resourceLinkId: linkId }).lean();
    expect(attempt?.deadlineAt).toBeDefined();
    await app.store.models.Attempt.updateOne({ _id: attempt?._id }, { $set: { deadlineAt: new Date(Date.now() - 1000) } });

    const after = await browser.request(`${app.baseUrl}/quiz?ltik=${encodeURIComponent(ltik)}`);
    const submission = await app.store.models.Submission.findOne({ attemptId: attempt?._id }).lean();
    expect(submission?.auto).toBe(true);
    expect(submission?.parts.find((p) => p.partKey === 'alphaStar')).toMatchObject({ raw: '1/6', score: 1 });
    expect(after.body).toContain('Feedback will be shown after the due date.');
    expect(after.body).not.toContain('class="feedback');
    expect(after.body).toContain('No attempts left.');
    // One attempt only: submitting again is refused.
    const late = await browser.request(`${app.baseUrl}/quiz`, { form: { ltik, action: 'submit', idempotencyKey: 'late-submit-1', 'answer:0:alphaStar': '1/6' } });
    expect(late.status).toBe(409);
    expect(await app.store.models.GradeSync.countDocuments({ attemptId: attempt?._id })).toBe(1);
  });
});
