import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleExam, type ExamRequest } from '../../src/exam/assemble-exam.ts';
import { CHROMIUM, launchPrintBrowser, printLoadedPage } from '../../src/exam/print-pdf.ts';
import { writeExamFiles } from '../../src/exam/write-exam.ts';
import { readPdfPages, type PdfPage } from '../support/pdf-pages.ts';

const hasChromium = existsSync(CHROMIUM);
const out = mkdtempSync(join(tmpdir(), 'ev-layout-'));
const SHOTS = 'test-output';

/** A4 less the @page margins (15 mm top, 17 mm bottom), in mm; PDF points per mm; CSS px per mm. */
const PAGE_CONTENT_MM = 297 - 15 - 17;
const PT_PER_MM = 72 / 25.4;
const PX_PER_MM = 96 / 25.4;
const BOTTOM_MARGIN_PT = 17 * PT_PER_MM;

/** Blocks that must never be split across pages, and the problems and cover they belong to. */
const BLOCKS = {
  stem: '.stem',
  part: 'ol.parts > li',
  space: '.space',
  answer: '.answer',
  solution: '.solution',
  cover: 'section.cover',
  problem: 'section.problem',
};

/**
 * Puts a tiny white marker text at the top and at the bottom edge of every block (absolutely
 * positioned, so the layout does not move) and returns each block's id, kind and height. In the
 * printed PDF a marker's page says where that edge of the block landed.
 */
const MARK_BLOCKS = `(() => {
  const blocks = ${JSON.stringify(BLOCKS)};
  const out = [];
  let n = 0;
  for (const [kind, selector] of Object.entries(blocks)) {
    for (const el of document.querySelectorAll(selector)) {
      const id = kind + n++;
      if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
      for (const [edge, where] of [['S', 'top:0'], ['E', 'bottom:0']]) {
        const marker = document.createElement('span');
        marker.textContent = 'QQ' + edge + id + 'QQ';
        marker.style.cssText = 'position:absolute;left:0;' + where + ';font:2px monospace;line-height:1;color:#fff;white-space:nowrap';
        el.appendChild(marker);
      }
      out.push({ id, kind, heightMm: el.getBoundingClientRect().height / ${PX_PER_MM} });
    }
  }
  return out;
})()`;

interface Block {
  id: string;
  kind: keyof typeof BLOCKS;
  heightMm: number;
}

interface Edge {
  page: number;
  y: number;
}

/** Where each marked block starts and ends in the PDF: page index and height above the page's bottom (pt). */
function blockEdges(pages: PdfPage[]): Map<string, { start?: Edge; end?: Edge }> {
  const edges = new Map<string, { start?: Edge; end?: Edge }>();
  pages.forEach((page, index) => {
    for (const item of page.items)
      for (const m of item.str.matchAll(/QQ([SE])(\w+?)QQ/g)) {
        const entry = edges.get(m[2] as string) ?? {};
        entry[m[1] === 'S' ? 'start' : 'end'] = { page: index, y: item.y };
        edges.set(m[2] as string, entry);
      }
  });
  return edges;
}

let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!hasChromium) return;
  browser = await launchPrintBrowser();
  page = await browser.newPage();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/** Prints one written page with its blocks marked; returns the blocks and the PDF's pages (with PNGs). */
async function printMarked(dir: string, file: string): Promise<{ blocks: Block[]; pages: PdfPage[] }> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.round(176 * PX_PER_MM), height: 1000 });
  await page.goto(pathToFileURL(join(dir, file)).href);
  await page.evaluate('document.fonts.ready');
  const blocks = await page.evaluate<Block[]>(MARK_BLOCKS);
  const pdf = await printLoadedPage(page, join(dir, file.replace('.html', '.marked.pdf')));
  return { blocks, pages: await readPdfPages(browser, pdf, { png: true, scale: 1.2 }) };
}

function savePages(pages: PdfPage[], name: string): void {
  pages.forEach((p, i) => p.png && writeFileSync(join(SHOTS, `${name}-p${i + 1}.png`), p.png));
}

const REQUEST: ExamRequest = {
  examSeed: 'layout-test',
  variants: 2,
  problems: ['batchnorm', 'rnn', 'policy', 'gd'],
  lang: 'en',
  points: [5, 5, 5, 5],
};

describe.skipIf(!hasChromium)(
  `printed sheets and keys as Chromium lays them out in the PDF (skipped when ${CHROMIUM} is absent)`,
  () => {
    const cases = [
      { name: 'sheet', paper: {}, file: 'variant-A.html' },
      { name: 'key', paper: {}, file: 'variant-A-key.html' },
      { name: 'sheet, Czech, second variant', paper: {}, file: 'variant-B.html', lang: 'cs' as const },
      {
        name: 'sheet with a cover page',
        paper: { course: 'Deep Learning (B3B33UI)', date: '12 January 2027, 9:00', durationMinutes: 90, cover: true },
        file: 'variant-A.html',
      },
      {
        name: 'key with course and date',
        paper: { course: 'Deep Learning (B3B33UI)', date: '12 January 2027, 9:00', durationMinutes: 90, cover: true },
        file: 'variant-B-key.html',
      },
    ];

    it.each(cases)(
      '$name: no block split across pages, a problem moves over only when its opening did not fit',
      async (c) => {
        const dir = join(out, c.name.replace(/\W+/g, '-'));
        writeExamFiles(assembleExam({ ...REQUEST, lang: c.lang ?? 'en', paper: c.paper }), dir);
        const { blocks, pages } = await printMarked(dir, c.file);
        savePages(pages, `layout-${c.name.replace(/\W+/g, '-')}`);
        const edges = blockEdges(pages);

        // Every marker was found: the check below cannot pass by reading nothing.
        expect(blocks.length).toBeGreaterThan(10);
        for (const b of blocks) expect(edges.get(b.id), b.id).toMatchObject({ start: {}, end: {} });

        // No box (working space, answer, worked solution, a part, a problem's opening, the cover) is split.
        const split = blocks
          .filter((b) => b.kind !== 'problem' && b.heightMm < PAGE_CONTENT_MM)
          .filter((b) => edges.get(b.id)?.start?.page !== edges.get(b.id)?.end?.page)
          .map((b) => `${b.id} (${b.heightMm.toFixed(0)} mm)`);
        expect(split).toEqual([]);

        // A problem starts on a new page only when the room left on the previous one was less than its
        // opening (heading, statement, figure and first part, which are kept together).
        const problems = blocks.filter((b) => b.kind === 'problem');
        const stems = blocks.filter((b) => b.kind === 'stem');
        expect(stems).toHaveLength(problems.length);
        for (let k = 1; k < problems.length; k++) {
          const before = edges.get((problems[k - 1] as Block).id)?.end as Edge;
          const start = edges.get((problems[k] as Block).id)?.start as Edge;
          if (start.page === before.page) continue;
          expect(start.page, `problem ${k + 1} skips a page`).toBe(before.page + 1);
          const roomMm = (before.y - BOTTOM_MARGIN_PT) / PT_PER_MM;
          expect(roomMm, `problem ${k + 1} moved over though ${roomMm.toFixed(0)} mm were left`).toBeLessThan(
            (stems[k] as Block).heightMm,
          );
        }
        // The cover is a page of its own.
        const cover = blocks.find((b) => b.kind === 'cover');
        if (cover) {
          expect(edges.get(cover.id)?.start?.page).toBe(0);
          expect(edges.get((problems[0] as Block).id)?.start?.page).toBe(1);
        }
      },
    );
  },
);
