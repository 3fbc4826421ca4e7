import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleExam } from '../../src/exam/assemble-exam.ts';
import { CHROMIUM, launchPrintBrowser, printPdfs } from '../../src/exam/print-pdf.ts';
import { writeExamFiles } from '../../src/exam/write-exam.ts';

const hasChromium = existsSync(CHROMIUM);
const out = mkdtempSync(join(tmpdir(), 'ev-print-'));
const SHOTS = 'test-output';

/** One browser for the whole file: the machine is shared and Chromium is the slow part. */
let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!hasChromium) return;
  browser = await launchPrintBrowser();
  page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
  await page.emulateMedia({ media: 'print' });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)(
  `a printed variant in Chromium (skipped when ${CHROMIUM} is absent: install the Debian package chromium)`,
  () => {
    const exam = assembleExam({
      examSeed: 'print-test',
      variants: 1,
      problems: ['batchnorm', 'rnn', 'policy', 'gd'],
      lang: 'en',
      points: [5, 5, 5, 5],
    });
    const written = writeExamFiles(exam, out);

    it('shows the header, KaTeX math with its own fonts, the RNN diagram and answer space', async () => {
      await page.goto(pathToFileURL(join(out, 'variant-A.html')).href);
      await page.evaluate('document.fonts.ready');
      expect(await page.locator('header h1').textContent()).toBe('Exam, Variant: A, Points 20');
      expect(await page.locator('.katex').count()).toBeGreaterThan(20);
      // KaTeX's own fonts loaded from the folder beside the page, not a fallback.
      expect(await page.evaluate('document.fonts.check("12px KaTeX_Main")')).toBe(true);
      expect(await page.locator('.diagram svg').count()).toBe(1);
      expect(await page.locator('.space').count()).toBeGreaterThan(10);
      expect(await page.locator('.answer').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'exam-variant-A.png'), fullPage: true });
    });

    it('shows the key with reference answers and worked solutions, numbered like the sheet', async () => {
      await page.goto(pathToFileURL(join(out, 'variant-A-key.html')).href);
      expect(await page.locator('.badge').textContent()).toContain('ANSWER KEY');
      const sheetParts = (readFileSync(join(out, 'variant-A.html'), 'utf8').match(/<li><div class="prompt">/g) ?? [])
        .length;
      expect(await page.locator('.answer').count()).toBe(sheetParts);
      expect(await page.locator('.solution').count()).toBe(4);
      await page.screenshot({ path: join(SHOTS, 'exam-variant-A-key.png'), fullPage: true });
    });

    it('prints A4 PDFs of the sheet and the key', async () => {
      const printed = await printPdfs(written, (f) => f.startsWith('variant-A'), browser);
      expect(printed.pdfs).toEqual(['variant-A.pdf', 'variant-A-key.pdf']);
      for (const pdf of printed.pdfs) {
        const bytes = readFileSync(join(out, pdf));
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        // A4 is 595 x 842 points (Chromium writes 594.96 x 841.92).
        const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(bytes.toString('latin1'));
        expect(Number(box?.[1])).toBeCloseTo(595, 0);
        expect(Number(box?.[2])).toBeCloseTo(842, 0);
      }
    });
  },
);
