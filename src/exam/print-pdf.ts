import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Lang } from '../engine/template.ts';
import { OperatorError } from '../lib/operator-error.ts';
import { html, renderHtml } from '../render/html.ts';
import { WORDS } from './exam-words.ts';
import type { WrittenExam } from './written-exam.ts';

/** Debian's Chromium only: a browser is never downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** The browser binary: Debian's, or CHROMIUM_PATH for a Chromium installed elsewhere. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || CHROMIUM;
}
/** Headless and kept off the network (no updates, sync or QUIC); tests launch it with the same flags. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const pdfSkipped = (path: string): string =>
  `PDF skipped: Chromium not found at ${path}; install the Debian package chromium (apt-get install chromium) and run again.`;

/**
 * Debian Chromium, headless, kept off the network. A browser that is there but does not start
 * (a broken install, a missing library) is an OperatorError naming it: one line, not a trace.
 */
export async function launchPrintBrowser(path = chromiumPath()): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath: path, args: CHROMIUM_FLAGS });
  } catch (error) {
    // Playwright's message is a multi-line log: its first line says what failed.
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim();
    throw new OperatorError(
      `Chromium at ${path} did not start (${why}); the HTML files are written: reinstall it (apt-get install --reinstall chromium) or run without --pdf`,
    );
  }
}

/** The running footer: which variant (from the page's meta tag) and "Page 2 of 5". */
function footerTemplate(footer: string, lang: Lang): string {
  const w = WORDS[lang];
  return renderHtml(html`<div style="width:100%;margin:0 17mm;display:flex;justify-content:space-between;font:8pt 'DejaVu Sans',sans-serif;color:#555">
<span>${footer}</span><span>${w.page} <span class="pageNumber"></span> ${w.of} <span class="totalPages"></span></span></div>`);
}

const PAGES = 2;

/** One page to PDF beside it; returns the PDF's file name. */
async function printOne(page: Page, dir: string, file: string): Promise<string> {
  await page.goto(pathToFileURL(join(dir, file)).href, { waitUntil: 'load' });
  const pdf = file.replace(/\.html$/, '.pdf');
  await printLoadedPage(page, join(dir, pdf));
  return pdf;
}

/**
 * The page already open in the tab, as an A4 PDF with its running footer (variant, "Page 2 of 5").
 * Waits for the fonts: KaTeX laid out in a fallback font would break lines differently.
 */
export async function printLoadedPage(page: Page, path: string): Promise<Buffer> {
  await page.evaluate('document.fonts.ready');
  const footer = (await page.locator('meta[name="print-footer"]').getAttribute('content')) ?? '';
  const lang: Lang = (await page.locator('html').getAttribute('lang')) === 'cs' ? 'cs' : 'en';
  return page.pdf({
    path,
    format: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: footerTemplate(footer, lang),
  });
}

/**
 * PDFs of the written HTML pages through headless Chromium, one browser for all of them. Pages are
 * opened from disk so the KaTeX fonts beside them load. Without Chromium: a clear message, no PDFs.
 * A caller that already runs a browser passes it (and keeps ownership); otherwise one is launched.
 */
export async function printPdfs(
  written: WrittenExam,
  which: (file: string) => boolean = () => true,
  shared?: Browser,
): Promise<WrittenExam> {
  if (!shared && !existsSync(chromiumPath())) return { ...written, pdfMessage: pdfSkipped(chromiumPath()) };
  const browser = shared ?? (await launchPrintBrowser());
  const queue = written.files.filter((f) => f.endsWith('.html') && which(f));
  const pdfs = new Array<string>(queue.length);
  let next = 0;
  // Two tabs: one lays out while the other prints, which keeps both cores of a small machine busy.
  const worker = async (): Promise<void> => {
    const page = await browser.newPage();
    try {
      for (let i = next++; i < queue.length; i = next++)
        pdfs[i] = await printOne(page, written.dir, queue[i] as string);
    } finally {
      await page.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PAGES, queue.length) }, worker));
  } finally {
    if (!shared) await browser.close();
  }
  return { ...written, pdfs };
}
