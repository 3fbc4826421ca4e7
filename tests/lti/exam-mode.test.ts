import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsToCustom } from '../../src/activity/activity-settings.ts';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { hiddenField, launchLtik, pressStart, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;
let linkId = '';
let practiceLinkId = '';

beforeAll(async () => {
  app = await startTestServer();
  const settings = {
    ...DEFAULT_SETTINGS,
    templates: ['gd' as const],
    points: [5],
    attemptsAllowed: 1,
    timeLimitMinutes: 30,
    feedbackMode: 'afterDue' as const,
    showSolutions: 'afterDue' as const,
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    title: 'Final exam',
  };
  linkId = app.sandbox?.state.addLink('Final exam', settingsToCustom(settings), 5).id ?? '';
  const practice = {
    ...DEFAULT_SETTINGS,
    templates: ['gd' as const],
    points: [4],
    attemptsAllowed: 3,
    declinePerRetry: 0.25,
    scorePolicy: 'last' as const,
    title: 'Practice',
  };
  practiceLinkId = app.sandbox?.state.addLink('Practice', settingsToCustom(practice), 4).id ?? '';
});
afterAll(async () => {
  await app.cleanup();
});

describe('exam mode', () => {
  it('counts time on the server and grades what was saved when time is up; feedback waits for the due date', async () => {
    const browser = new TestBrowser();
    const startPage = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=${linkId}`);
    // Opening the exam shows what it is; the clock has not started, and no attempt exists yet.
    expect(startPage.body).toContain('This exam has 1 problem, 5 points, 30 minutes; one attempt.');
    expect(startPage.body).toContain('The clock starts when you press Start');
    expect(startPage.body).not.toContain('time-left');
    expect(await app.store.models.Attempt.countDocuments({ userId: 'alice', resourceLinkId: linkId })).toBe(0);
    // Opening it again later still costs no time.
    const reopened = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=${linkId}`);
    expect(reopened.body).toContain('This exam has 1 problem');
    const pressedAt = Date.now();
    const page = await pressStart(browser, app.baseUrl, reopened.body);
    expect(page.body).toMatch(/Time left: <strong id="time-left">30 min/);
    expect(page.body).toContain('Attempt 1 of 1');
    const started = await app.store.models.Attempt.findOne({ userId: 'alice', resourceLinkId: linkId }).lean();
    expect(new Date(started?.startedAt ?? 0).getTime()).toBeGreaterThanOrEqual(pressedAt - 5);
    expect(new Date(started?.deadlineAt ?? 0).getTime() - new Date(started?.startedAt ?? 0).getTime()).toBe(
      30 * 60_000,
    );
    // A second press (the back button, a double click) starts nothing new and moves no deadline.
    const again = await pressStart(browser, app.baseUrl, reopened.body);
    expect(again.status).toBe(200);
    expect(await app.store.models.Attempt.countDocuments({ userId: 'alice', resourceLinkId: linkId })).toBe(1);
    expect((await app.store.models.Attempt.findOne({ _id: started?._id }).lean())?.deadlineAt).toEqual(
      started?.deadlineAt,
    );
    const session = hiddenField(page.body, 'session');
    // "check" saves the draft: nothing typed is lost even if the student never presses submit.
    await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'check', 'answer:0:alphaStar': '1/6', 'answer:0:converge': '(0, 1/3)' },
    });
    const attempt = await app.store.models.Attempt.findOne({ userId: 'alice', resourceLinkId: linkId }).lean();
    expect(attempt?.deadlineAt).toBeDefined();
    await app.store.models.Attempt.updateOne(
      { _id: attempt?._id },
      { $set: { deadlineAt: new Date(Date.now() - 1000) } },
    );

    const after = await browser.request(`${app.baseUrl}/quiz`, { form: { session, action: 'open' } });
    const submission = await app.store.models.Submission.findOne({ attemptId: attempt?._id }).lean();
    expect(submission?.auto).toBe(true);
    expect(submission?.parts.find((p) => p.partKey === 'alphaStar')).toMatchObject({ raw: '1/6', score: 1 });
    expect(after.body).toContain('Feedback will be shown after the due date.');
    expect(after.body).not.toContain('class="feedback');
    expect(after.body).toContain('No attempts left.');
    // The header shows how the attempt ended, and no clock or attempt count that no longer applies.
    expect(after.body).toContain('Attempt 1 of 1 · closed when the time ran out');
    expect(after.body).not.toContain('Time left');
    expect(after.body).not.toMatch(/\d+ attempts? left/);
    // Its buttons are gone, not left greyed out.
    expect(after.body).not.toMatch(/<button[^>]*value="(submit|check)"/);
    // One attempt only: submitting again is refused.
    const late = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'submit-confirmed', idempotencyKey: 'late-submit-1', 'answer:0:alphaStar': '1/6' },
    });
    expect(late.status).toBe(409);
    expect(await app.store.models.GradeSync.countDocuments({ attemptId: attempt?._id })).toBe(1);
  });

  it('gives one student extra time: before they start, and while they are writing', async () => {
    const teacher = new TestBrowser();
    const results = await teacher.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=${linkId}`);
    const ltik = new URL(results.url).searchParams.get('ltik') ?? '';
    expect(results.body).toContain('The time limit is 30 min.');
    // The course roster comes from the LMS (NRPS): students are picked by name, also those who have
    // not opened the exam yet; the instructor is not among them.
    expect(results.body).toContain('Enrolled, not opened yet (2 of 3): Bob Smith, Chloé Dvořáková');
    const choices = [
      ...(/<select id="extra-user"[^>]*>(.*?)<\/select>/.exec(results.body)?.[1] ?? '').matchAll(
        /<option value="([^"]*)">([^<]*)</g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(choices).toEqual([
      ['', 'Choose a student'],
      ['alice', 'Alice Novak'],
      ['bob', 'Bob Smith'],
      ['chloe', 'Chloé Dvořáková'],
    ]);
    const grant = (userId: string, minutes: string) =>
      teacher.request(`${app.baseUrl}/instructor/extra-time`, { form: { ltik, userId, minutes } });

    // Bob has an accommodation before he opens the exam: his attempt starts with 30 + 20 minutes.
    expect((await grant('bob', '20')).status).toBe(302);
    const bobBrowser = new TestBrowser();
    const bobStart = await bobBrowser.navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=${linkId}`);
    expect(bobStart.body).toContain('This exam has 1 problem, 5 points, 50 minutes; one attempt.');
    expect(bobStart.body).toContain('Extra time: +20 min');
    const bob = await pressStart(bobBrowser, app.baseUrl, bobStart.body);
    expect(bob.body).toMatch(/Time left: <strong id="time-left">50 min/);

    // Chloé is already writing when she is given 15 minutes: her running deadline moves.
    const chloe = new TestBrowser();
    const first = await pressStart(
      chloe,
      app.baseUrl,
      (await chloe.navigate(`${app.baseUrl}/sandbox/launch?user=chloe&link=${linkId}`)).body,
    );
    const chloeSession = hiddenField(first.body, 'session');
    expect(first.body).toMatch(/<strong id="time-left">30 min/);
    expect((await grant('chloe', '15')).status).toBe(302);
    expect(
      (await chloe.request(`${app.baseUrl}/quiz`, { form: { session: chloeSession, action: 'open' } })).body,
    ).toMatch(/<strong id="time-left">45 min/);

    const page = await teacher.request(`${app.baseUrl}/instructor?ltik=${encodeURIComponent(ltik)}`);
    expect(page.body).toMatch(/Bob Smith <span class="meta">bob<\/span><\/td><td>\+20 min \(50 min in all\)/);
    expect(page.body).toContain('+15 min (45 min in all)');
    // Giving 0 takes Bob's extra time back.
    expect((await grant('bob', '0')).status).toBe(302);
    expect((await teacher.request(`${app.baseUrl}/instructor?ltik=${encodeURIComponent(ltik)}`)).body).not.toContain(
      '+20 min',
    );

    const bad = await grant('bob', '-5');
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('minutes: a whole number of minutes from 0 to 1440');
    expect((await grant('', '10')).status).toBe(422);
    // A learner cannot give themselves time.
    const selfGrant = await chloe.request(`${app.baseUrl}/instructor/extra-time`, {
      form: { ltik: launchLtik(chloe), userId: 'chloe', minutes: '600' },
    });
    expect(selfGrant.status).toBe(403);
    const chloeAttempt = await app.store.models.Attempt.findOne({ userId: 'chloe', resourceLinkId: linkId }).lean();
    const minutesGiven =
      (new Date(chloeAttempt?.deadlineAt ?? 0).getTime() - new Date(chloeAttempt?.startedAt ?? 0).getTime()) / 60_000;
    expect(minutesGiven).toBe(45);
  });

  it('still opens the results page when the LMS cannot give its roster, with the user id field instead', async () => {
    const teacher = new TestBrowser();
    if (app.sandbox) app.sandbox.faults.rosterFailure = { status: 503, body: 'maintenance' };
    try {
      const results = await teacher.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=${linkId}`);
      expect(results.status).toBe(200);
      expect(results.body).toContain(
        'Course roster not shown: it could not be read from the LMS (the LMS answered 503).',
      );
      expect(results.body).toMatch(
        /<label for="extra-user">Student \(LMS user id\)<\/label> <input id="extra-user" name="userId"/,
      );
    } finally {
      if (app.sandbox) app.sandbox.faults.rosterFailure = null;
    }
  });

  it('practice mode: each retry is worth less, and the gradebook gets the last attempt score', async () => {
    const student = new TestBrowser();
    let page = await student.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=${practiceLinkId}`);
    const session = hiddenField(page.body, 'session');
    const lineItem = app.sandbox?.state.links.get(practiceLinkId)?.lineItemId ?? '';
    const scores: number[] = [];
    for (let attemptNumber = 1; attemptNumber <= 3; attemptNumber++) {
      const attempt = await app.store.models.Attempt.findOne({
        userId: 'alice',
        resourceLinkId: practiceLinkId,
        attemptNumber,
      }).lean();
      page = await student.request(`${app.baseUrl}/quiz`, {
        form: {
          session,
          action: 'submit',
          idempotencyKey: `practice-${attemptNumber}`,
          ...correctAnswerFields(attempt as NonNullable<typeof attempt>),
        },
      });
      expect(page.status).toBe(200);
      await app.drainGradeSync();
      scores.push(Number(app.sandbox?.state.scores.get(lineItem)?.get('alice')?.scoreGiven));
      if (attemptNumber < 3)
        page = await student.request(`${app.baseUrl}/quiz`, { form: { session, action: 'new-attempt' } });
    }
    // All answers right every time: 4 points, then 25 % less per retry.
    expect(scores).toEqual([4, 3, 2]);
    const stored = await app.store.models.Submission.find({ userId: 'alice', resourceLinkId: practiceLinkId })
      .sort({ submittedAt: 1 })
      .lean();
    expect(stored.map((s) => [s.rawScore, s.scoreFraction])).toEqual([
      [1, 1],
      [1, 0.75],
      [1, 0.5],
    ]);
    expect(page.body).toContain('No attempts left.');
  });
});
