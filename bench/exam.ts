// npm run bench:exam: time to generate 30 variants of the four-problem exam as HTML (sheets, keys
// and the answer key), and as PDF through headless Chromium when it is installed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleExam } from '../src/exam/assemble-exam.ts';
import { printPdfs, writeExamFiles } from '../src/exam/write-exam.ts';
import { renderVariantHtml } from '../src/exam/render-exam-html.ts';

const dir = mkdtempSync(join(tmpdir(), 'ev-bench-exam-'));
const request = { examSeed: 'bench-exam', variants: 26, problems: ['batchnorm', 'rnn', 'policy', 'gd'] as const, lang: 'en' as const, points: [5, 5, 5, 5] };
// 30 variants: 26 labels (A..Z) plus 4 more from a second exam seed.
const tHtml = performance.now();
let bytes = 0;
for (const exam of [assembleExam({ ...request, problems: [...request.problems] }), assembleExam({ ...request, examSeed: 'bench-exam-2', variants: 4, problems: [...request.problems] })]) {
  for (const sheet of exam.variants) bytes += renderVariantHtml(sheet, 'en', '', false).length + renderVariantHtml(sheet, 'en', '', true).length;
}
console.log(`30 four-problem variants rendered as HTML (student sheet + key each, in memory): ${(performance.now() - tHtml).toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB)`);
const t0 = performance.now();
const first = writeExamFiles(assembleExam({ ...request, problems: [...request.problems] }), join(dir, 'a'));
const second = writeExamFiles(assembleExam({ ...request, examSeed: 'bench-exam-2', variants: 4, problems: [...request.problems] }), join(dir, 'b'));
const htmlMs = performance.now() - t0;
console.log(`all files written (sheets, keys, answer keys, Moodle XML, QTI zip, fonts): ${htmlMs.toFixed(0)} ms (${first.files.length + second.files.length} files)`);
const isSheet = (f: string): boolean => /^variant-[A-Z]\.html$/.test(f);
const t1 = performance.now();
const sheetsA = await printPdfs(first, isSheet);
if (sheetsA.pdfMessage) console.log(sheetsA.pdfMessage);
else {
  const sheetsB = await printPdfs(second, isSheet);
  console.log(`30 student sheets as PDF through headless Chromium: ${(performance.now() - t1).toFixed(0)} ms (${sheetsA.pdfs.length + sheetsB.pdfs.length} PDFs)`);
  const t2 = performance.now();
  const keysA = await printPdfs(first, (f) => !isSheet(f));
  const keysB = await printPdfs(second, (f) => !isSheet(f));
  console.log(`their 30 keys and the answer keys as PDF: ${(performance.now() - t2).toFixed(0)} ms (${keysA.pdfs.length + keysB.pdfs.length} PDFs)`);
}
rmSync(dir, { recursive: true, force: true });
