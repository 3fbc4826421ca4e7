import { describe, expect, it } from 'vitest';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';
import { reopenQuiz } from '../support/quiz-page.ts';

// .ci/run installs Debian's chromium; without it this suite cannot run and says so.
describe.skipIf(!hasChromium)('student flow in a real browser (Debian chromium)', () => {
  const t = useAppInBrowser();

  it('opens the sandbox, launches as a student, checks and submits, and sees feedback', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1000, height: 1300 } });
    await page.goto(`${t.app.baseUrl}/sandbox`);
    await page.screenshot({ path: `${OUT}/sandbox.png` });
    await page.getByRole('button', { name: 'Open as Alice Novak (student)' }).first().click();
    await page.waitForSelector('h1');
    await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toContain('Problem 1');
    const jacobian = page.locator('#f-0-jacobian');
    await jacobian.fill('[1 -1; 1 1]');
    await page.getByRole('button', { name: 'Check how my answers are read' }).click();
    await page.waitForSelector('text=Read as');
    // Typeset like the problem (KaTeX on the server), in a neutral colour: a reading, not a verdict.
    expect(await page.locator('.echo.ok .katex annotation').first().textContent()).toBe(
      '\\begin{bmatrix} 1 & -1 \\\\ 1 & 1 \\end{bmatrix}',
    );
    expect(await page.evaluate('getComputedStyle(document.querySelector(".echo.ok")).color')).toBe('rgb(27, 31, 36)');
    await page.screenshot({ path: `${OUT}/student-check.png`, fullPage: false });
    // The page's script sends check and submit with fetch: the page is not loaded again.
    await page.evaluate('window.notReloaded = true');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    // Most parts are blank: the page says which, and asks before anything is graded.
    await page.waitForSelector('text=Before you submit');
    expect(await page.locator('#confirm-slot li').count()).toBe(4);
    expect(await page.locator('#confirm-slot li').first().textContent()).toMatch(
      /^Problem 1: no answer \(parts 1, 2, 3, 4, 7, 8, 9\)/,
    );
    expect(await t.app.store.models.Submission.countDocuments({ userId: 'alice' })).toBe(0);
    await page.screenshot({ path: `${OUT}/student-confirm.png`, fullPage: false });
    await page.getByRole('button', { name: 'Submit anyway' }).click();
    await page.waitForSelector('text=Your answers were saved and graded.');
    await expect(page.locator('#confirm-slot').textContent()).resolves.toBe('');
    // A submitted attempt cannot be submitted again: its buttons are gone, not greyed out.
    expect(await page.getByRole('button', { name: 'Submit answers' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Check how my answers are read' }).count()).toBe(0);
    expect(await page.locator('#attempt-header').textContent()).toBe('Attempt 1 (unlimited attempts) · submitted');
    await page.screenshot({ path: `${OUT}/student-submitted.png`, fullPage: false });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    // The message is shown where the student clicked, on screen.
    const box = await page.locator('#quiz-status').boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 1300).toBe(true);
    expect(await page.locator('.feedback').count()).toBeGreaterThan(5);
    // The score at the top, in points, and each problem's points in its heading.
    expect(await page.locator('#quiz-status').textContent()).toMatch(/Score: [\d.]+ \/ 20 points \([\d.]+ %\)/);
    expect(await page.locator('#score-summary').textContent()).toMatch(/^Score: [\d.]+ \/ 20 points/);
    expect(await page.locator('#problem-score-0').textContent()).toMatch(/^[\d.]+ \/ 5/);
    const stored = await t.app.store.models.Submission.findOne({ userId: 'alice' }).lean();
    expect(stored?.parts.find((p) => p.partKey === 'jacobian')?.raw).toBe('[1 -1; 1 1]');
    // Worked solutions are one click away (a full page with them).
    await page.getByRole('button', { name: 'Show the worked solutions' }).click();
    await page.waitForSelector('details summary');
    expect(await page.locator('details summary').first().textContent()).toBe('Worked solution');
  });

  it('keeps the page when a submit fails, says so, and the retry stores the answers once', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1000, height: 1300 } });
    await page.goto(`${t.app.baseUrl}/sandbox`);
    await page
      .getByRole('button', { name: /Open as Bob Smith/ })
      .first()
      .click();
    await page.waitForSelector('h1');
    await page.evaluate('window.notReloaded = true');
    const key = await page.locator('input[name=idempotencyKey]').inputValue();
    const submitsSeen: string[] = [];
    let failure: 'network' | 'lost-answer' | 'server' | null = 'network';
    await page.route('**/quiz', async (route) => {
      const body = new URLSearchParams(route.request().postData() ?? '');
      // The submit that stores (the student confirmed the parts left blank).
      if (body.get('action') !== 'submit-confirmed') return route.continue();
      submitsSeen.push(body.get('idempotencyKey') ?? '');
      if (failure === 'network') return route.abort('internetdisconnected');
      // The server stores the submission but its answer never arrives.
      if (failure === 'lost-answer') {
        await route.fetch();
        return route.abort('connectionreset');
      }
      if (failure === 'server')
        return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>Service Unavailable</h1>' });
      return route.continue();
    });
    await page.locator('#f-3-alphaStar').fill('1/6');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('button', { name: 'Submit anyway' }).click();
    await page.waitForSelector('text=Not sent — your answers are saved in this page; retry.');
    await page.screenshot({ path: `${OUT}/student-not-sent.png` });
    // The quiz is still there with the answer typed, and nothing was stored.
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.locator('#f-3-alphaStar').inputValue()).toBe('1/6');
    expect(await page.getByRole('button', { name: 'Submit answers' }).isDisabled()).toBe(false);
    expect(await t.app.store.models.Submission.countDocuments({ userId: 'bob' })).toBe(0);

    const status = () => page.locator('#quiz-status').textContent();
    // The server stored it, the answer was lost: the page cannot know, and says "not sent".
    failure = 'lost-answer';
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => submitsSeen.length).toBe(2);
    await expect.poll(status).toContain('Not sent');
    // Polled: the message above is still the first try's, and the server may not have answered yet.
    await expect.poll(() => t.app.store.models.Submission.countDocuments({ userId: 'bob' })).toBe(1);
    // The server fails: still the page, still the message.
    failure = 'server';
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => submitsSeen.length).toBe(3);
    await expect.poll(status).toContain('Not sent');
    // Back to normal: the retry is recognised as the submission already stored.
    failure = null;
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(status).toContain('These answers had already been received; nothing was submitted twice.');
    expect(submitsSeen).toEqual([key, key, key, key]);
    expect(await t.app.store.models.Submission.countDocuments({ userId: 'bob' })).toBe(1);
    const stored = await t.app.store.models.Submission.findOne({ userId: 'bob' }).lean();
    expect(stored?.parts.find((p) => p.partKey === 'alphaStar')?.raw).toBe('1/6');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
  });

  it('saves answers as the student types, and when the time runs out the saved answers are graded', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1000, height: 1300 } });
    await page.goto(`${t.app.baseUrl}/sandbox`);
    await page
      .locator('section', { hasText: 'Timed quiz' })
      .getByRole('button', { name: /Open as Alice Novak/ })
      .click();
    // A timed activity opens on its start page; the clock starts with Start.
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForSelector('#time-left');
    // The field is there before the page's script listens to it: typed earlier, nothing is sent.
    await page.waitForLoadState('domcontentloaded');
    await page.locator('#f-0-alphaStar').fill('1/6');
    // No button pressed: autosave stores the draft a moment after typing stops.
    await page.waitForSelector('text=Answers saved');
    const attempt = await t.app.store.models.Attempt.findOne({ userId: 'alice', resourceLinkId: 'demo-timed' }).lean();
    expect(attempt?.draft).toMatchObject({ 'answer:0:alphaStar': '1/6' });

    // Seconds left: the page counts down, saves the last change and reloads when time is up. The
    // margin lets the page be reopened and typed into first on a busy machine (with 2.5 s the
    // deadline sometimes passed before the field was there, and the test waited for it in vain).
    await t.app.store.models.Attempt.updateOne(
      { _id: attempt?._id },
      { $set: { deadlineAt: new Date(Date.now() + 6000) } },
    );
    // The page again from the server (the form posts it: the session is never in a URL).
    await reopenQuiz(page);
    await page.locator('#f-0-converge').fill('(0, 1/3)');
    await page.waitForSelector('text=Feedback will be shown after the due date.', { timeout: 20_000 });
    const graded = await t.app.store.models.Submission.findOne({ attemptId: attempt?._id }).lean();
    expect(graded?.auto).toBe(true);
    expect(graded?.parts.filter((p) => p.raw !== '').map((p) => [p.partKey, p.raw])).toEqual([
      ['converge', '(0, 1/3)'],
      ['alphaStar', '1/6'],
    ]);
  }, 60_000);

  it('is readable on a phone', async () => {
    const page = await t.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${t.app.baseUrl}/sandbox`);
    await page
      .getByRole('button', { name: /Open as Bob Smith/ })
      .first()
      .click();
    await page.waitForSelector('h1');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${OUT}/student-phone.png` });
  });
});
