import { describe, expect, it } from 'vitest';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';
import { reopenQuiz } from '../support/quiz-page.ts';

describe.skipIf(!hasChromium)('instructor pages in a real browser (Debian chromium)', () => {
  const t = useAppInBrowser();

  it('gives a student extra time on the timed demo quiz from the results page', async () => {
    // Bob starts the timed quiz: 20 minutes.
    const student = await t.browser.newPage({ viewport: { width: 1000, height: 900 } });
    await student.goto(`${t.app.baseUrl}/sandbox`);
    await student
      .locator('section', { hasText: 'Timed quiz' })
      .getByRole('button', { name: /Open as Bob Smith/ })
      .click();
    await student.getByRole('button', { name: 'Start' }).click();
    await student.waitForSelector('#timer');
    expect(await student.locator('#timer').textContent()).toBe('Time left: 20 min');

    const teacher = await t.browser.newPage({ viewport: { width: 1100, height: 1000 } });
    await teacher.goto(`${t.app.baseUrl}/sandbox`);
    await teacher
      .locator('section', { hasText: 'Timed quiz' })
      .getByRole('button', { name: /Open as Dr. Teacher/ })
      .click();
    await teacher.waitForSelector('text=Extra time');
    // Students come from the course roster (NRPS): picked by name, also one who has not opened the quiz.
    await expect
      .poll(() => teacher.locator('p.meta', { hasText: 'Enrolled, not opened yet' }).textContent())
      .toContain('Alice Novak, Chloé Dvořáková');
    await teacher.getByLabel('Student', { exact: true }).selectOption({ label: 'Bob Smith' });
    await teacher.getByLabel('Extra minutes').fill('25');
    await teacher.getByRole('button', { name: 'Give extra time' }).click();
    await teacher.waitForSelector('text=+25 min (45 min in all)');
    await teacher.locator('#extra-time').screenshot({ path: `${OUT}/instructor-extra-time.png` });

    // Bob's running attempt now ends 25 minutes later.
    // The page again from the server (a form post: the session is never in a URL).
    await reopenQuiz(student);
    expect(await student.locator('#timer').textContent()).toBe('Time left: 45 min');
  });
});
