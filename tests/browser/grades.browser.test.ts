import { describe, expect, it } from 'vitest';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';

describe.skipIf(!hasChromium)('grades in a real browser (Debian chromium)', () => {
  const t = useAppInBrowser();

  it('a free-text answer is graded in points with a comment on the results page, and the student sees both', async () => {
    const student = await t.browser.newPage({ viewport: { width: 1000, height: 1200 } });
    await student.goto(`${t.app.baseUrl}/sandbox`);
    await student.getByRole('button', { name: 'Open as Alice Novak (student)' }).first().click();
    await student.waitForSelector('h1');
    await student.locator('#f-0-explain').fill('The normalised values sum to zero, so gamma scales a zero sum.');
    await student.locator('#f-3-alphaStar').fill('1,75');
    await student.getByRole('button', { name: 'Check how my answers are read' }).click();
    // The parse error once, at the part, in a warning colour (not the red of a wrong answer).
    await student.waitForSelector('#f-3-alphaStar-echo .echo.bad');
    expect(await student.locator('#f-3-alphaStar-echo').textContent()).toBe(
      'Use a decimal point: write 1.75, not 1,75 (a comma separates entries)',
    );
    await student.getByRole('button', { name: 'Submit answers' }).click();
    await student.getByRole('button', { name: 'Submit anyway' }).click();
    await student.waitForSelector('text=Your answers were saved and graded.');

    const teacher = await t.browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await teacher.goto(`${t.app.baseUrl}/sandbox`);
    await teacher
      .getByRole('button', { name: /Open as Dr. Teacher/ })
      .first()
      .click();
    await teacher.waitForSelector('#grading-queue');
    const queue = teacher.locator('#grading-queue');
    expect(await queue.locator('tbody tr').count()).toBe(2);
    expect(await queue.locator('tbody tr').first().locator('td').first().textContent()).toMatch(/^Alice Novak alice/);
    await queue.screenshot({ path: `${OUT}/instructor-grading-queue.png` });
    await teacher.locator('#statistics').screenshot({ path: `${OUT}/instructor-statistics.png` });
    // The free-text row: points up to the part's 0.5, a comment for the student.
    const row = queue.locator('tbody tr', { hasText: 'explain' });
    await row.getByLabel(/Points \(0 to 0\.5\)/).fill('0.4');
    await row.getByLabel('Comment for the student').fill('Right; also say why the mean is removed.');
    await row.getByRole('button', { name: 'Grade' }).click();
    await teacher.waitForSelector('#grading-queue');
    expect(await teacher.locator('#grading-queue tbody tr').count()).toBe(1);
    // The unreadable "1,75": read as 1.75.
    await teacher.locator('#grading-queue').getByLabel('Read it as').fill('1.75');
    await teacher.getByRole('button', { name: 'Accept reading' }).click();
    await teacher.waitForSelector('h1');
    expect(await teacher.locator('#grading-queue').count()).toBe(0);
    await teacher
      .locator('table')
      .first()
      .screenshot({ path: `${OUT}/instructor-results.png` });

    await student.reload();
    const explain = student.locator('#f-0-explain-feedback');
    expect(await explain.textContent()).toBe(
      "Graded by the instructor. (bonus 0.4 / 0.5)Instructor's comment: Right; also say why the mean is removed.",
    );
    expect(await student.locator('#f-3-alphaStar-feedback').textContent()).toMatch(/Your answer was read as 1\.75\./);
    await student.locator('#f-0-explain').scrollIntoViewIfNeeded();
    await student.screenshot({ path: `${OUT}/student-manual-grade.png` });
    expect(await student.locator('#score-summary').textContent()).toMatch(/^Score: [\d.]+ \/ 20 points/);
  });

  it('the regrade preview names the students and shows their gradebook score before and after', async () => {
    const teacher = await t.browser.newPage({ viewport: { width: 1100, height: 900 } });
    await teacher.goto(`${t.app.baseUrl}/sandbox`);
    await teacher
      .getByRole('button', { name: /Open as Dr. Teacher/ })
      .first()
      .click();
    await teacher.getByRole('link', { name: 'Regrade a part' }).click();
    await teacher.getByLabel('Part', { exact: true }).selectOption({ label: '1. batchnorm: jacobian' });
    await teacher.getByLabel('Discount the part (full marks for everyone)').check();
    await teacher.getByRole('button', { name: 'Preview' }).click();
    await teacher.waitForSelector('text=Preview:');
    expect(await teacher.locator('tbody tr').first().textContent()).toMatch(
      /^Alice Novak alice[\d.]+ \/ 20[\d.]+ \/ 20#1: /,
    );
    await teacher.screenshot({ path: `${OUT}/instructor-regrade-preview.png` });
  });
});
