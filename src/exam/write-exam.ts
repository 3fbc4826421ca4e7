import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { answerKeyCsv, answerKeyJson, answerKeyRows } from './answer-key.ts';
import type { Exam } from './assemble-exam.ts';
import { examToMoodleXml } from './moodle-xml.ts';
import { examToQtiPackage } from './qti.ts';
import { renderAnswerKeyHtml, renderVariantHtml } from './render-exam-html.ts';

const require = createRequire(import.meta.url);
const KATEX_DIST = dirname(require.resolve('katex/dist/katex.min.css'));
export const CHROMIUM = '/usr/bin/chromium';

/** KaTeX's stylesheet pointing at a fonts folder copied beside the pages, so they render offline. */
function katexCssFor(outDir: string): string {
  cpSync(join(KATEX_DIST, 'fonts'), join(outDir, 'katex-fonts'), { recursive: true });
  return readFileSync(join(KATEX_DIST, 'katex.min.css'), 'utf8').replace(/url\(fonts\//g, 'url(katex-fonts/');
}

export interface WrittenExam {
  dir: string;
  files: string[];
  pdfs: string[];
  pdfMessage?: string;
}

/** Writes the student sheets, keys and the combined answer key (HTML, JSON, CSV) of an exam. */
export function writeExamFiles(exam: Exam, outDir: string): WrittenExam {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const css = katexCssFor(dir);
  const files: string[] = [];
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    files.push(name);
  };
  const { lang } = exam.request;
  for (const sheet of exam.variants) {
    write(`variant-${sheet.label}.html`, renderVariantHtml(sheet, lang, css, false));
    write(`variant-${sheet.label}-key.html`, renderVariantHtml(sheet, lang, css, true));
  }
  write('answer-key.html', renderAnswerKeyHtml(exam.request.examSeed, answerKeyRows(exam), lang, css));
  write('answer-key.json', answerKeyJson(exam));
  write('answer-key.csv', answerKeyCsv(exam));
  write('moodle-questions.xml', examToMoodleXml(exam));
  writeFileSync(join(dir, 'qti-package.zip'), examToQtiPackage(exam));
  files.push('qti-package.zip');
  return { dir, files, pdfs: [] };
}

/** PDFs of the HTML pages through headless Debian Chromium; a clear message when it is absent. */
export async function printPdfs(written: WrittenExam): Promise<WrittenExam> {
  if (!existsSync(CHROMIUM)) {
    return { ...written, pdfMessage: `PDF skipped: Chromium not found at ${CHROMIUM}; install the Debian package chromium (apt-get install chromium) and run again.` };
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pdfs: string[] = [];
  try {
    const page = await browser.newPage();
    for (const file of written.files.filter((f) => f.endsWith('.html'))) {
      await page.goto(pathToFileURL(join(written.dir, file)).href, { waitUntil: 'load' });
      const pdf = file.replace(/\.html$/, '.pdf');
      await page.pdf({ path: join(written.dir, pdf), format: 'A4', printBackground: true, preferCSSPageSize: true });
      pdfs.push(pdf);
    }
  } finally {
    await browser.close();
  }
  return { ...written, pdfs };
}
