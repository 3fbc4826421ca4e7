// npm run bench:exam: time to generate 30 variants of the four-problem exam as HTML (sheets, keys
// and the answer key), and as PDF through headless Chromium when it is installed. Targets: HTML
// under 1 s, PDF under 30 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleExam, type ExamRequest } from '../src/exam/assemble-exam.ts';
import { launchPrintBrowser, printPdfs } from '../src/exam/print-pdf.ts';
import { renderVariantHtml } from '../src/exam/render-exam-html.ts';
import { writeExamFiles } from '../src/exam/write-exam.ts';

const dir = mkdtempSync(join(tmpdir(), 'ev-bench-exam-'));
const request: ExamRequest = {
  examSeed: 'bench-exam',
  variants: 26,
  problems: ['batchnorm', 'rnn', 'policy', 'gd'],
  lang: 'en',
  points: [5, 5, 5, 5],
};
// 30 variants: 26 labels (A..Z) of one exam plus 4 of a second exam seed.
const requests: ExamRequest[] = [request, { ...request, examSeed: 'bench-exam-2', variants: 4 }];
const ms = (t: number): string => `${(performance.now() - t).toFixed(0)} ms`;

const tHtml = performance.now();
let bytes = 0;
for (const exam of requests.map(assembleExam)) {
  for (const sheet of exam.variants)
    bytes += renderVariantHtml(sheet, 'en', '', false).length + renderVariantHtml(sheet, 'en', '', true).length;
}
console.log(
  `30 four-problem variants assembled and rendered as HTML (student sheet + key each, in memory): ${ms(tHtml)} (${(bytes / 1e6).toFixed(1)} MB)`,
);

const tFiles = performance.now();
const written = requests.map((r, i) => writeExamFiles(assembleExam(r), join(dir, String(i))));
console.log(
  `all files of both exams written (sheets, keys, answer keys, Moodle XML, QTI zip, fonts): ${ms(tFiles)} (${written.reduce((a, w) => a + w.files.length, 0)} files)`,
);

const isSheet = (f: string): boolean => /^variant-[A-Z]\.html$/.test(f);
const probe = await printPdfs({ dir, files: [], pdfs: [] });
if (probe.pdfMessage) console.log(probe.pdfMessage);
else {
  const tSheets = performance.now();
  const browser = await launchPrintBrowser();
  try {
    let sheets = 0;
    for (const w of written) sheets += (await printPdfs(w, isSheet, browser)).pdfs.length;
    console.log(
      `30 student sheets as PDF through headless Chromium (one browser, launch included): ${ms(tSheets)} (${sheets} PDFs)`,
    );
    const tKeys = performance.now();
    let keys = 0;
    for (const w of written) keys += (await printPdfs(w, (f) => !isSheet(f), browser)).pdfs.length;
    console.log(`their 30 keys and the two combined answer keys as PDF: ${ms(tKeys)} (${keys} PDFs)`);
  } finally {
    await browser.close();
  }
}
rmSync(dir, { recursive: true, force: true });
