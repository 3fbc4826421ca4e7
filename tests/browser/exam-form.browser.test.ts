import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';

describe.skipIf(!hasChromium)('the exam generator in a real browser (Debian chromium)', () => {
  const t = useAppInBrowser();

  it('prints variants with a course, date, duration, instructions and a cover page', async () => {
    const teacher = await t.browser.newPage({ viewport: { width: 1100, height: 1000 } });
    await teacher.goto(`${t.app.baseUrl}/sandbox`);
    await teacher
      .locator('section', { hasText: 'Timed quiz' })
      .getByRole('button', { name: /Open as Dr. Teacher/ })
      .click();
    await teacher.getByRole('link', { name: 'Print exam variants' }).click();
    await teacher.waitForSelector('h1:has-text("Print exam variants")');
    await teacher.getByLabel('Exam seed').fill('final-2027');
    await teacher.getByLabel('Number of variants').fill('2');
    await teacher.getByLabel('Course').fill('Deep Learning (B3B33UI)');
    await teacher.getByLabel('Date').fill('12 January 2027, 9:00');
    await teacher.getByLabel('Duration in minutes').fill('90');
    await teacher.getByRole('textbox', { name: /^Instructions/ }).fill('Calculators are allowed.\nWrite in ink.');
    await teacher.getByLabel(/Start each student's sheet with a cover page/).check();
    await teacher.screenshot({ path: `${OUT}/exam-form.png`, fullPage: true });

    const [download] = await Promise.all([
      teacher.waitForEvent('download'),
      teacher.getByRole('button', { name: 'Generate and download (zip)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('exam-final-2027.zip');
    // The zip stores its files uncompressed: the sheets' HTML is readable in its bytes.
    const zip = readFileSync(await download.path()).toString('utf8');
    expect(zip).toContain('<section class="cover"><p class="course">Deep Learning (B3B33UI)</p>');
    expect(zip).toContain('<dt>Date</dt><dd>12 January 2027, 9:00</dd><dt>Duration</dt><dd>90 minutes</dd>');
    expect(zip).toContain('<ul class="instructions"><li>Calculators are allowed.</li><li>Write in ink.</li></ul>');

    // A duration that is not whole minutes is refused, naming the field and the rule.
    const ltik = await teacher.locator('input[name="ltik"]').inputValue();
    const refused = await fetch(`${t.app.baseUrl}/instructor/exam`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ltik, seed: 'x', variants: '1', problems: 'gd', duration: '1.5' }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('duration: whole minutes from 1 to 600');
  });
});
