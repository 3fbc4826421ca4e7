import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';
import { axeViolations, type AxeViolation } from '../support/axe.ts';
import { DEMO_USERS } from '../../src/lms-sandbox/state.ts';

/** Everything axe found, by surface and width, written to test-output/axe-report.json for the record. */
const report: Record<string, AxeViolation[]> = {};

const WIDTHS = [1280, 390] as const;

/**
 * The page as it is now, at a desktop and a phone width: a full-page screenshot at each
 * (test-output/a11y-<name>-<width>.png), no sideways scroll at 390 px, and no serious or critical
 * axe-core violation at either width.
 */
async function checkSurface(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${OUT}/a11y-${name}-${width}.png`, fullPage: true });
    const found = await axeViolations(page);
    report[`${name} @${width}`] = found;
    writeFileSync(`${OUT}/axe-report.json`, JSON.stringify(report, null, 1));
    const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect.soft(serious, `${name} at ${width} px`).toEqual([]);
    if (width === 390) {
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect.soft(overflow, `${name}: sideways scroll at 390 px`).toBeLessThanOrEqual(1);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function openAs(page: Page, baseUrl: string, who: RegExp, activity?: string): Promise<void> {
  await page.goto(`${baseUrl}/sandbox`);
  const scope = activity ? page.locator('section', { hasText: activity }) : page;
  await scope.getByRole('button', { name: who }).first().click();
  await page.waitForSelector('h1');
}

describe.skipIf(!hasChromium)('accessibility (axe-core) and phone widths of every page', () => {
  const t = useAppInBrowser();

  it('the student page: open, checked, confirm, submitted, timed, Czech', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openAs(page, t.app.baseUrl, /Open as Alice Novak/);
    await checkSurface(page, 'student-open');

    await page.locator('#f-0-jacobian').fill('[1 -1; 1 1]');
    await page.locator('#f-3-alphaStar').fill('1/0');
    await page.getByRole('button', { name: 'Check how my answers are read' }).click();
    await page.waitForSelector('#f-3-alphaStar-echo .echo.bad');
    await checkSurface(page, 'student-checked');

    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.waitForSelector('text=Before you submit');
    await checkSurface(page, 'student-confirm');

    await page.getByRole('button', { name: 'Submit anyway' }).click();
    await page.waitForSelector('text=Your answers were saved and graded.');
    await page.reload();
    await page.waitForSelector('.feedback');
    await checkSurface(page, 'student-submitted');

    const timed = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openAs(timed, t.app.baseUrl, /Open as Bob Smith/, 'Timed quiz');
    // A timed exam opens on its start page (engineer "exam"); the clock starts with Start.
    await timed.waitForSelector('#start-heading');
    await checkSurface(timed, 'exam-start');
    await Promise.all([timed.waitForNavigation(), timed.getByRole('button', { name: 'Start' }).click()]);
    await timed.waitForSelector('#time-left');
    await checkSurface(timed, 'student-timed');

    const czech = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openAs(czech, t.app.baseUrl, /Open as Chloé Dvořáková/);
    expect(await czech.locator('html').getAttribute('lang')).toBe('cs');
    await checkSurface(czech, 'student-czech');
    await czech.locator('#f-3-alphaStar').fill('0,25');
    await czech.locator('#f-3-converge').fill('(0; 0,5');
    await czech.getByRole('button', { name: 'Zkontrolovat, jak jsou odpovědi přečteny' }).click();
    await czech.waitForSelector('#f-3-converge-echo .echo.bad');
    expect(await czech.locator('#f-3-alphaStar-echo').textContent()).toMatch(/^Přečteno jako/);
    expect(await czech.locator('#f-3-converge-echo').textContent()).toMatch(/^Nelze přečíst "\(0; 0,5" na pozici/);
    await checkSurface(czech, 'student-czech-checked');
  }, 300_000);

  it('an exam answered with the keyboard alone: focus order, visible focus, labels, announced errors', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.app.baseUrl}/sandbox/launch?user=student-7&link=demo-exam`);
    await page.waitForSelector('h1');
    // Every answer field has a label tied to it (radios and checkboxes each their own).
    const unlabeled = await page.evaluate(`[...document.querySelectorAll('input[name^="answer:"], textarea')]
      .filter((el) => el.labels.length === 0).map((el) => el.id)`);
    expect(unlabeled).toEqual([]);
    // Tab walks the answer fields in reading order (one stop per radio group), each with a visible focus ring.
    // A stop is a field's id, or a radio group's name (Tab enters a group once).
    const stopOf = `(el) => (el.type === 'radio' ? el.name : el.id)`;
    const fields = await page.evaluate<string[]>(
      `[...new Set([...document.querySelectorAll('input[name^="answer:"], textarea')].map(${stopOf}))]`,
    );
    const reached: string[] = [];
    for (let i = 0; i < 200 && reached.length < fields.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<{
        stop: string;
        what: string;
        outline: boolean;
      }>(`(() => { const el = document.activeElement; const cs = getComputedStyle(el);
        return { stop: el.matches('input[name^="answer:"], textarea') ? (${stopOf})(el) : '', what: el.outerHTML.slice(0, 80),
          outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 }; })()`);
      expect.soft(focused.outline, `focus ring on ${focused.what}`).toBe(true);
      if (focused.stop !== '' && !reached.includes(focused.stop)) reached.push(focused.stop);
    }
    expect(reached).toEqual(fields);

    // Typed, checked with Enter (the form's first button is "check"), the error announced where it is.
    await page.locator('#f-3-alphaStar').focus();
    await page.keyboard.type('1/0');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#f-3-alphaStar-echo .echo.bad');
    expect(await page.locator('#f-3-alphaStar-echo').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#f-3-alphaStar').getAttribute('aria-describedby')).toContain('f-3-alphaStar-echo');
    await page.locator('#f-3-alphaStar').fill('');
    await page.locator('#f-3-alphaStar').focus();
    await page.keyboard.type('1/6');
    // A choice with the arrow keys.
    const firstRadio = page.locator('input[type=radio]').first();
    await firstRadio.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[type=radio]:checked').count()).toBe(1);
    // Submit from the keyboard; the summary of blank parts takes the focus, Enter confirms.
    await page.getByRole('button', { name: 'Submit answers' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=Before you submit');
    expect(await page.evaluate('document.activeElement.value')).toBe('submit-confirmed');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=Your answers were saved and graded.');
    expect(await page.locator('#quiz-status').getAttribute('role')).toBe('status');
    const stored = await t.app.store.models.Submission.findOne({ userId: 'student-7' }).lean();
    expect(stored?.parts.find((p) => p.partKey === 'alphaStar')?.raw).toBe('1/6');
  }, 300_000);

  it('math is readable by screen readers, feedback colours have AA contrast', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openAs(page, t.app.baseUrl, /Open as Alice Novak/);
    await page.waitForSelector('.feedback');
    // KaTeX's MathML is in the page and not display:none (visually clipped, read aloud); its HTML is hidden from readers.
    const math = await page.evaluate<
      Record<string, number>
    >(`(() => { const all = [...document.querySelectorAll('.katex')];
      return { count: all.length,
        withMathml: all.filter((k) => k.querySelector('.katex-mathml math annotation')).length,
        hidden: all.filter((k) => { const m = k.querySelector('.katex-mathml'); return !m || getComputedStyle(m).display === 'none' || getComputedStyle(m).visibility === 'hidden'; }).length,
        htmlHidden: all.filter((k) => k.querySelector('.katex-html')?.getAttribute('aria-hidden') === 'true').length }; })()`);
    expect(math.count).toBeGreaterThan(20);
    expect(math).toEqual({ count: math.count, withMathml: math.count, hidden: 0, htmlHidden: math.count });
    // Every feedback kind on the page, its text against its background: at least 4.5:1 (WCAG AA).
    const ratios = await page.evaluate<Record<string, number>>(`(() => {
      const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const out = {};
      for (const el of document.querySelectorAll('.feedback, .echo, .banner, .meta')) {
        const cs = getComputedStyle(el); let bg = cs.backgroundColor; let p = el;
        while (bg === 'rgba(0, 0, 0, 0)' && p.parentElement) { p = p.parentElement; bg = getComputedStyle(p).backgroundColor; }
        const [a, b] = [lum(cs.color), lum(bg)].sort((x, y) => y - x);
        const key = el.className; out[key] = Math.min(out[key] ?? 99, (a + 0.05) / (b + 0.05));
      }
      return out; })()`);
    expect(Object.keys(ratios).filter((k) => k.startsWith('feedback')).length).toBeGreaterThanOrEqual(2);
    for (const [kind, ratio] of Object.entries(ratios)) expect.soft(ratio, kind).toBeGreaterThanOrEqual(4.5);
  }, 120_000);

  it('a student whose LMS sends no locale chooses Czech on the start page and the quiz page, and keeps it', async () => {
    const alice = DEMO_USERS.find((u) => u.id === 'alice');
    const bob = DEMO_USERS.find((u) => u.id === 'bob');
    if (!alice || !bob) throw new Error('no alice or bob');
    const locales = [alice.locale, bob.locale];
    delete alice.locale;
    delete bob.locale;
    try {
      // The start page of a timed exam: switched before Start, and Start keeps the choice.
      const start = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await openAs(start, t.app.baseUrl, /Open as Alice Novak/, 'Timed quiz');
      await start.waitForSelector('#start-heading');
      await checkSurface(start, 'exam-start-language-switch-en');
      await Promise.all([start.waitForNavigation(), start.getByRole('button', { name: 'Čeština' }).click()]);
      expect(await start.locator('html').getAttribute('lang')).toBe('cs');
      await checkSurface(start, 'exam-start-czech');
      await Promise.all([start.waitForNavigation(), start.getByRole('button', { name: 'Začít' }).click()]);
      await start.waitForSelector('#time-left');
      expect(await start.locator('html').getAttribute('lang')).toBe('cs');

      // The quiz page: switched with an answer typed, which stays and is read in Czech notation.
      const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await openAs(page, t.app.baseUrl, /Open as Bob Smith/);
      await page.locator('#f-3-alphaStar').fill('0,5');
      await checkSurface(page, 'student-language-switch-en');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Čeština' }).click()]);
      expect(await page.locator('html').getAttribute('lang')).toBe('cs');
      expect(await page.locator('#f-3-alphaStar').inputValue()).toBe('0,5');
      await page.getByRole('button', { name: 'Zkontrolovat, jak jsou odpovědi přečteny' }).click();
      await page.waitForSelector('#f-3-alphaStar-echo .echo.ok');
      expect(await page.locator('#f-3-alphaStar-echo').textContent()).toMatch(/^Přečteno jako/);
      // The page again from the server (its form, as "show solutions" and the end of the time send it): still Czech.
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate(`(() => { const form = document.querySelector('form[data-quiz]'); const a = document.createElement('input');
          a.type = 'hidden'; a.name = 'action'; a.value = 'open'; form.appendChild(a); HTMLFormElement.prototype.submit.call(form); })()`),
      ]);
      expect(await page.locator('html').getAttribute('lang')).toBe('cs');
      await checkSurface(page, 'student-language-switch-cs');
    } finally {
      [alice.locale, bob.locale] = locales;
    }
  }, 300_000);

  it('every instructor page', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openAs(page, t.app.baseUrl, /Open as Dr\. Teacher/);
    await checkSurface(page, 'instructor-results');
    const results = page.url();

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'answers' }).first().click()]);
    await page.waitForSelector('h1');
    expect(page.url()).toContain('/instructor/attempt?');
    await checkSurface(page, 'instructor-attempt');

    for (const [link, name] of [
      ['Regrade a part', 'instructor-regrade'],
      ['Print exam variants', 'instructor-exam-form'],
      ['Preview problems with any seed', 'instructor-preview'],
      ['Compare with the LMS gradebook', 'instructor-reconcile'],
    ] as const) {
      await page.goto(results);
      const target = page.getByRole('link', { name: link });
      if ((await target.count()) === 0) {
        expect.soft(`no link "${link}" on the results page`).toBe('');
        continue;
      }
      await target.first().click();
      await page.waitForSelector('h1');
      await checkSurface(page, name);
      if (name === 'instructor-regrade') {
        await page.getByLabel('Part', { exact: true }).selectOption({ index: 1 });
        await page.getByLabel('Discount the part (full marks for everyone)').check();
        await page.getByRole('button', { name: 'Preview' }).click();
        await page.waitForSelector('text=Preview:');
        await checkSurface(page, 'instructor-regrade-preview');
      }
    }

    await page.goto(`${t.app.baseUrl}/sandbox`);
    await page.getByRole('button', { name: 'Add activity as Dr. Teacher' }).click();
    await page.waitForSelector('h1');
    await checkSurface(page, 'instructor-deep-link');
  }, 300_000);
});
