import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsToCustom } from '../../src/activity/activity-settings.ts';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';
import { reopenQuiz } from '../support/quiz-page.ts';

describe.skipIf(!hasChromium)('exam mode in a real browser (Debian chromium)', () => {
  const t = useAppInBrowser();

  it('a start page, then a timer that stays on screen, speaks at 10 and 1 minutes and shows seconds at the end', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      attemptsAllowed: 1,
      timeLimitMinutes: 60,
      title: 'Final exam',
    };
    const linkId = t.app.sandbox?.state.addLink('Final exam', settingsToCustom(settings), 20).id ?? '';
    const page = await t.browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`${t.app.baseUrl}/sandbox/launch?user=alice&link=${linkId}`);
    await page.waitForSelector('h1');
    expect(await page.locator('#start-heading').textContent()).toBe(
      'This exam has 4 problems, 20 points, 60 minutes; one attempt.',
    );
    await expect(page.locator('body').textContent()).resolves.toContain('The clock starts when you press Start');
    await page.screenshot({ path: `${OUT}/exam-start.png` });
    // Reading the rules costs no time: the attempt and its clock begin with Start.
    expect(await t.app.store.models.Attempt.countDocuments({ userId: 'alice', resourceLinkId: linkId })).toBe(0);
    const pressed = Date.now();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Start' }).click()]);
    const attempt = await t.app.store.models.Attempt.findOne({ userId: 'alice', resourceLinkId: linkId }).lean();
    expect(new Date(attempt?.startedAt ?? 0).getTime()).toBeGreaterThanOrEqual(pressed - 5);
    // The URL carries no session token.
    expect(page.url()).toBe(`${t.app.baseUrl}/quiz`);
    expect(await page.locator('#time-left').textContent()).toBe('60 min');
    await page.screenshot({ path: `${OUT}/exam-timer-top.png` });

    // Scrolled to the last problem: the timer and the problems strip are still at the top of the screen.
    await page.locator('#problem-3').scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, 600)');
    const bar = await page.locator('#quiz-bar').boundingBox();
    expect(bar !== null && bar.y >= 0 && bar.y < 5).toBe(true);
    expect(await page.locator('#timer').isVisible()).toBe(true);
    await page.screenshot({ path: `${OUT}/exam-timer-scrolled.png` });

    // The strip follows what is typed: problem 2 partly answered, the others not.
    await page.getByRole('link', { name: /^Problem 2, not answered/ }).click();
    await page.locator('#f-1-z').fill('[1, 2]');
    await expect.poll(() => page.locator('#nav-1').getAttribute('class'), { timeout: 3000 }).toBe('partlyAnswered');
    expect(await page.locator('#nav-1 .nav-state').textContent()).toBe('partly answered');
    expect(await page.locator('#nav-0').getAttribute('class')).toBe('unanswered');
    // Autosaved a moment after typing.
    await page.waitForSelector('text=Answers saved');

    // Ten minutes and two seconds left: a screen reader hears "10 minutes left".
    const setLeft = (ms: number) =>
      t.app.store.models.Attempt.updateOne({ _id: attempt?._id }, { $set: { deadlineAt: new Date(Date.now() + ms) } });
    await setLeft(602_000);
    await reopenQuiz(page);
    expect(await page.locator('#timer-announce').textContent()).toBe('');
    await expect.poll(() => page.locator('#timer-announce').textContent(), { timeout: 6000 }).toBe('10 minutes left');
    // The page from the server has the saved draft, and the strip says so.
    expect(await page.locator('#f-1-z').inputValue()).toBe('[1, 2]');
    expect(await page.locator('#nav-1').getAttribute('class')).toBe('partlyAnswered');

    // The last five minutes show seconds; the last minute is announced.
    await setLeft(62_000);
    await reopenQuiz(page);
    expect(await page.locator('#time-left').textContent()).toMatch(/^1:0[0-2]$/);
    await expect.poll(() => page.locator('#timer-announce').textContent(), { timeout: 6000 }).toBe('1 minute left');
    expect(await page.locator('#time-left').textContent()).toMatch(/^(1:00|0:5\d)$/);
    await page.evaluate('window.scrollBy(0, 900)');
    await page.screenshot({ path: `${OUT}/exam-timer-last-minute.png` });

    // Submitted: the header says so; no clock, no attempt count, no buttons that can no longer be used.
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('button', { name: 'Submit anyway' }).click();
    await page.waitForSelector('text=Your answers were saved and graded.');
    expect(await page.locator('#attempt-header').textContent()).toBe('Attempt 1 of 1 · submitted');
    expect(await page.locator('#timer').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Submit answers' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Check how my answers are read' }).count()).toBe(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${OUT}/exam-submitted.png` });
    // The server's own page after the submit says the same.
    await reopenQuiz(page);
    expect(await page.locator('#attempt-header').textContent()).toBe('Attempt 1 of 1 · submitted');
    expect(await page.locator('body').textContent()).not.toContain('Time left');
    await page.close();
  });
});
