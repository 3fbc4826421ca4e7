import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleExam } from '../../src/exam/assemble-exam.ts';
import { printPdfs, writeExamFiles } from '../../src/exam/write-exam.ts';
import { hasChromium, launchChromium } from '../support/chromium.ts';

const out = mkdtempSync(join(tmpdir(), 'ev-print-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!hasChromium)('a printed variant in Chromium', () => {
  it('renders with KaTeX math and the header, and prints to PDF', async () => {
    const exam = assembleExam({ examSeed: 'print-test', variants: 1, problems: ['batchnorm', 'rnn'], lang: 'en', points: [5, 5] });
    const written = await printPdfs(writeExamFiles(exam, out));
    expect(written.pdfs).toContain('variant-A.pdf');
    expect(readFileSync(join(out, 'variant-A.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 800, height: 1100 } });
      await page.goto(pathToFileURL(join(out, 'variant-A-key.html')).href);
      expect(await page.locator('header h1').textContent()).toBe('Exam, Variant: A (Answer key)');
      expect(await page.locator('.katex').count()).toBeGreaterThan(10);
      // KaTeX's own fonts loaded from the copied folder, not a fallback.
      expect(await page.evaluate('document.fonts.check("12px KaTeX_Main")')).toBe(true);
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: 'test-output/exam-variant-A-key.png' });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
