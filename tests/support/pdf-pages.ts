import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';

const require = createRequire(import.meta.url);
const PDFJS_BUILD = join(dirname(require.resolve('pdfjs-dist/package.json')), 'build');
/** A made-up origin the page loads PDF.js from (module scripts do not load from file://). */
const ORIGIN = 'http://pdf.test';

/** Runs in the page (plain JavaScript: the project's types have no DOM). */
const IN_PAGE = `async ({ base64, origin, png, scale }) => {
  const pdfjs = await import(origin + '/pdf.min.mjs');
  pdfjs.GlobalWorkerOptions.workerSrc = origin + '/pdf.worker.min.mjs';
  const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const doc = await pdfjs.getDocument({ data }).promise;
  const out = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const p = await doc.getPage(n);
    const items = (await p.getTextContent()).items
      .filter((i) => i.str)
      .map((i) => ({ str: i.str, x: i.transform[4], y: i.transform[5] }));
    const text = items.map((i) => i.str);
    if (!png) { out.push({ text, items }); continue; }
    const viewport = p.getViewport({ scale });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await p.render({ canvasContext: ctx, viewport }).promise;
    out.push({ text, items, png: canvas.toDataURL('image/png').split(',')[1] });
  }
  return out;
}`;

export interface PdfPage {
  /** The page's text items in reading order, as PDF.js extracts them. */
  text: string[];
  /** Each text item with its position in PDF points from the page's bottom left corner. */
  items: { str: string; x: number; y: number }[];
  /** The page rendered as PNG (when asked for). */
  png?: Buffer;
}

/**
 * Reads a PDF the way a person sees it: PDF.js (Firefox's viewer) in the given Chromium, page by
 * page, with each page's text and optionally a PNG of it. An independent reader of what Chromium
 * printed, so a test checks the PDF itself rather than the HTML it came from.
 */
export async function readPdfPages(
  browser: Browser,
  pdf: Buffer,
  options: { png?: boolean; scale?: number } = {},
): Promise<PdfPage[]> {
  const page = await browser.newPage();
  try {
    await page.route(`${ORIGIN}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === '') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>pdf</title>' });
      if (!/^pdf(\.worker)?\.min\.mjs$/.test(name)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(PDFJS_BUILD, name)) });
    });
    await page.goto(`${ORIGIN}/`);
    const args = JSON.stringify({
      base64: pdf.toString('base64'),
      origin: ORIGIN,
      png: options.png ?? false,
      scale: options.scale ?? 1.3,
    });
    const pages = await page.evaluate<(Omit<PdfPage, 'png'> & { png?: string })[]>(`(${IN_PAGE})(${args})`);
    return pages.map((p) => ({ ...p, png: p.png ? Buffer.from(p.png, 'base64') : undefined }));
  } finally {
    await page.close();
  }
}
