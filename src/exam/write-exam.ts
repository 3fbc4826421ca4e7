import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export interface ExamFile {
  name: string;
  data: Buffer;
}

/** KaTeX's stylesheet pointing at a fonts folder shipped beside the pages, so they render offline. */
function katexFiles(): { css: string; fonts: ExamFile[] } {
  const fontDir = join(KATEX_DIST, 'fonts');
  const fonts = readdirSync(fontDir)
    .filter((f) => f.endsWith('.woff2'))
    .map((f) => ({ name: `katex-fonts/${f}`, data: readFileSync(join(fontDir, f)) }));
  const css = readFileSync(join(KATEX_DIST, 'katex.min.css'), 'utf8').replace(/url\(fonts\//g, 'url(katex-fonts/');
  return { css, fonts };
}

/** Every file of a generated exam, in memory: sheets, keys, answer keys and the exports. */
export function examFiles(exam: Exam): ExamFile[] {
  const { css, fonts } = katexFiles();
  const { lang } = exam.request;
  const text = (name: string, content: string): ExamFile => ({ name, data: Buffer.from(content) });
  const files: ExamFile[] = [];
  for (const sheet of exam.variants) {
    files.push(text(`variant-${sheet.label}.html`, renderVariantHtml(sheet, lang, css, false)));
    files.push(text(`variant-${sheet.label}-key.html`, renderVariantHtml(sheet, lang, css, true)));
  }
  files.push(text('answer-key.html', renderAnswerKeyHtml(exam.request.examSeed, answerKeyRows(exam), lang, css)));
  files.push(text('answer-key.json', answerKeyJson(exam)));
  files.push(text('answer-key.csv', answerKeyCsv(exam)));
  files.push(text('moodle-questions.xml', examToMoodleXml(exam)));
  files.push({ name: 'qti-package.zip', data: examToQtiPackage(exam) });
  return [...files, ...fonts];
}

export interface WrittenExam {
  dir: string;
  files: string[];
  pdfs: string[];
  pdfMessage?: string;
}

/** Writes the exam's files to a folder (the CLI); the LMS launch offers the same files as one zip. */
export function writeExamFiles(exam: Exam, outDir: string): WrittenExam {
  const dir = resolve(outDir);
  const files: string[] = [];
  for (const file of examFiles(exam)) {
    mkdirSync(dirname(join(dir, file.name)), { recursive: true });
    writeFileSync(join(dir, file.name), file.data);
    if (!file.name.startsWith('katex-fonts/')) files.push(file.name);
  }
  return { dir, files, pdfs: [] };
}

/** PDFs of the HTML pages through headless Debian Chromium; a clear message when it is absent. */
export async function printPdfs(written: WrittenExam, which: (file: string) => boolean = () => true): Promise<WrittenExam> {
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
    for (const file of written.files.filter((f) => f.endsWith('.html') && which(f))) {
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
