import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { answerKeyCsv, answerKeyJson, answerKeyRows } from './answer-key.ts';
import type { Exam } from './assemble-exam.ts';
import type { WrittenExam } from './written-exam.ts';
import { distinctnessText } from './exam-distinctness.ts';
import { examToMoodleXml } from './moodle-xml.ts';
import { examToQtiPackage } from './qti.ts';
import { renderAnswerKeyHtml } from './render-answer-key-html.ts';
import { renderVariantHtml } from './render-exam-html.ts';

const require = createRequire(import.meta.url);
const KATEX_DIST = dirname(require.resolve('katex/dist/katex.min.css'));
export { CHROMIUM, printPdfs } from './print-pdf.ts';

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
  const { lang, paper = {} } = exam.request;
  const text = (name: string, content: string): ExamFile => ({ name, data: Buffer.from(content) });
  const files: ExamFile[] = [];
  for (const sheet of exam.variants) {
    files.push(text(`variant-${sheet.label}.html`, renderVariantHtml(sheet, lang, css, false, paper)));
    files.push(text(`variant-${sheet.label}-key.html`, renderVariantHtml(sheet, lang, css, true, paper)));
  }
  files.push(
    text(
      'answer-key.html',
      renderAnswerKeyHtml(
        exam.request.examSeed,
        answerKeyRows(exam),
        lang,
        css,
        distinctnessText(exam.distinctness, exam.variants.length, lang),
        paper,
      ),
    ),
  );
  files.push(text('answer-key.json', answerKeyJson(exam)));
  files.push(text('answer-key.csv', answerKeyCsv(exam)));
  files.push(text('moodle.xml', examToMoodleXml(exam)));
  files.push({ name: 'qti.zip', data: examToQtiPackage(exam) });
  return [...files, ...fonts];
}

export type { WrittenExam };

/** A folder name from an exam seed: "DL 2026 / final" -> "DL-2026-final"; never empty, never a path. */
export function seedSlug(examSeed: string): string {
  const slug = examSeed
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return slug || 'exam';
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
