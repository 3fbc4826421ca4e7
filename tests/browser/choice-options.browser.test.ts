import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../templates/index.ts';
import { generateVariant } from '../../src/engine/generate-variant.ts';
import { choicePart } from '../../src/engine/template.ts';
import type { AttemptDoc } from '../../src/store/models/attempt.ts';
import { hasChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT, useAppInBrowser } from '../support/browser-app.ts';

interface ShownOption {
  letter: string;
  /** The width the label's text takes on screen, summed over its lines (KaTeX included). */
  width: number;
  fontWeight: string;
}

/** Every choice fieldset of one problem as laid out: its part key and its options' rendered widths. */
async function shownOptions(page: Page, problem: number): Promise<Map<string, ShownOption[]>> {
  const found = await page.evaluate<Array<[string, ShownOption[]]>>(`(() => {
    const out = [];
    for (const fieldset of document.querySelectorAll('section[data-problem="${problem}"] fieldset')) {
      const inputs = [...fieldset.querySelectorAll('input[type=radio], input[type=checkbox]')];
      if (inputs.length === 0) continue;
      const key = inputs[0].name.split(':').pop();
      out.push([key, inputs.map((input) => {
        const label = fieldset.querySelector('label[for="' + input.id + '"]');
        // Laid out inline for the measurement, the label has one box per line it takes.
        const display = label.style.display;
        label.style.display = 'inline';
        const width = [...label.getClientRects()].reduce((sum, r) => sum + r.width, 0);
        label.style.display = display;
        return { letter: input.value, width, fontWeight: getComputedStyle(label).fontWeight };
      })]);
    }
    return out;
  })()`);
  return new Map(found);
}

/**
 * The student pages of the demo course in English (Alice) and Czech (Chloé): the batch-norm and
 * gradient-descent problems are screenshotted (test-output/choice-options-<lang>-<family>.png), and
 * in every choice part the correct option must not be the one that takes the most room on screen.
 */
describe.skipIf(!hasChromium)('choice options as a student sees them', () => {
  const t = useAppInBrowser();

  it.each([
    ['en', 'alice', /Open as Alice Novak/],
    ['cs', 'chloe', /Open as Chloé Dvořáková/],
  ] as const)(
    '%s: no correct option stands out by its length or weight',
    async (lang, user, who) => {
      const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${t.app.baseUrl}/sandbox`);
      await page.getByRole('button', { name: who }).first().click();
      await page.waitForSelector('h1');
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);

      const attempt = (await t.app.store.models.Attempt.findOne({ userId: user }).lean<AttemptDoc>()) as AttemptDoc;
      let checked = 0;
      for (const [index, problem] of attempt.problems.entries()) {
        const template = getTemplate(problem.templateId, problem.templateVersion);
        if (!template) throw new Error(`no template ${problem.templateId} v${problem.templateVersion}`);
        if (problem.templateId === 'batchnorm' || problem.templateId === 'gd') {
          // The whole problem from the page's top, so the sticky problem strip does not cover its heading.
          await page.evaluate('window.scrollTo(0, 0)');
          const box = await page.locator(`section[data-problem="${index}"]`).boundingBox();
          if (box) {
            await page.screenshot({
              path: `${OUT}/choice-options-${lang}-${problem.templateId}.png`,
              fullPage: true,
              clip: box,
            });
          }
        }
        const variant = generateVariant(template, problem.seed);
        const shown = await shownOptions(page, index);
        for (const spec of template.parts) {
          const choice = choicePart(spec);
          if (!choice || choice.type !== 'choice') continue;
          const options = shown.get(spec.key);
          if (!options) continue; // not asked in this activity
          const laidOut = variant.parts.find((p) => p.key === spec.key)?.options ?? [];
          const correct = laidOut.filter((o) => choice.correctOptions.includes(o.id)).map((o) => o.letter);
          const widthOf = (letter: string): number => options.find((o) => o.letter === letter)?.width ?? 0;
          const widest = Math.max(...options.filter((o) => !correct.includes(o.letter)).map((o) => o.width));
          for (const letter of correct) {
            expect
              .soft(widthOf(letter), `${problem.templateId} ${spec.key}: the correct option ${letter}) is the widest`)
              .toBeLessThanOrEqual(widest);
          }
          // Plain weight: no option is set apart by bold text either.
          expect.soft(new Set(options.map((o) => o.fontWeight)).size, `${spec.key}: one font weight`).toBe(1);
          expect.soft(Number(options[0]?.fontWeight)).toBeLessThan(600);
          checked++;
        }
      }
      // whyBatch, raiseOutputs (batch norm) and absStep (gd) at least.
      expect(checked).toBeGreaterThanOrEqual(3);
    },
    120_000,
  );
});
