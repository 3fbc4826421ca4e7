// npm run bench:exam: time to generate 30 variants of the four-problem exam as HTML (sheets, keys
// and the answer key), and as PDF through headless Chromium when it is installed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleExam } from '../src/exam/assemble-exam.ts';
import { printPdfs, writeExamFiles } from '../src/exam/write-exam.ts';

const dir = mkdtempSync(join(tmpdir(), 'ev-bench-exam-'));
const request = { examSeed: 'bench-exam', variants: 26, problems: ['batchnorm', 'rnn', 'policy', 'gd'] as const, lang: 'en' as const, points: [5, 5, 5, 5] };
// 30 variants: 26 labels (A..Z) plus 4 more from a second exam seed.
const t0 = performance.now();
const first = writeExamFiles(assembleExam({ ...request, problems: [...request.problems] }), join(dir, 'a'));
const second = writeExamFiles(assembleExam({ ...request, examSeed: 'bench-exam-2', variants: 4, problems: [...request.problems] }), join(dir, 'b'));
const htmlMs = performance.now() - t0;
console.log(`30 four-problem variants as HTML (student sheet + key each, answer keys): ${htmlMs.toFixed(0)} ms (${first.files.length + second.files.length} files)`);
const t1 = performance.now();
const pdfA = await printPdfs(first);
if (pdfA.pdfMessage) console.log(pdfA.pdfMessage);
else {
  const pdfB = await printPdfs(second);
  console.log(`the same as PDF through headless Chromium: ${(performance.now() - t1).toFixed(0)} ms (${pdfA.pdfs.length + pdfB.pdfs.length} PDFs)`);
}
rmSync(dir, { recursive: true, force: true });
