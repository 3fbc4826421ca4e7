import type { AnswerValue } from '../core/answer-value.ts';
import { kindOf } from '../answers/kinds/index.ts';
import { referenceValues, type VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { blankWeight, xmlEscape } from '../answers/kinds/export-markup.ts';
import type { Exam, ExamProblem } from './assemble-exam.ts';
import { cdata, exportPart, inlineHtml, paragraphsHtml } from './export-text.ts';
import { partPoints, requiredParts } from '../grading/scoring.ts';

/** The blanks of one part: by the reference's kind (numbers numerical with tolerance, choices as choices, sets as text). */
function blanksFor(ref: AnswerValue | undefined, part: VariantPart, points: number, lang: Lang): string {
  if (!ref) return `{${blankWeight(points, 1)}:SHORTANSWER:=*}`;
  return kindOf(ref).moodleCloze(ref, { part: exportPart(part, lang), points });
}

function questionXml(examSeed: string, label: string, p: ExamProblem, lang: Lang): string {
  const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
  const points = partPoints(p.variant.parts, p.points);
  const parts = requiredParts(p.variant.parts)
    .map(
      (part) =>
        `<li>${inlineHtml(part.prompt[lang])}<br>${blanksFor(refs.get(part.key), part, points.get(part.key) ?? 0, lang)}</li>`,
    )
    .join('');
  // Moodle strips inline SVG from question text; the figure travels as an embedded file instead.
  const figure = p.template.diagram
    ? { name: `${p.template.id}-${label}.svg`, svg: p.template.diagram(p.variant.params) }
    : undefined;
  const img = figure
    ? `<p><img src="@@PLUGINFILE@@/${figure.name}" alt="${xmlEscape(p.template.title[lang])}"></p>`
    : '';
  const file = figure
    ? `\n      <file name="${figure.name}" path="/" encoding="base64">${Buffer.from(figure.svg).toString('base64')}</file>`
    : '';
  const solution = `<ol>${p.template
    .solution(p.variant.params, p.variant.answers, lang)
    .map((s) => `<li>${inlineHtml(s)}</li>`)
    .join('')}</ol>`;
  return `  <question type="cloze">
    <name><text>${xmlEscape(`${examSeed} ${label} ${p.template.id}`)}</text></name>
    <questiontext format="html">
      <text>${cdata(`${paragraphsHtml(p.template.statement(p.variant.params, lang))}${img}<ol>${parts}</ol>`)}</text>${file}
    </questiontext>
    <generalfeedback format="html"><text>${cdata(solution)}</text></generalfeedback>
    <defaultgrade>${p.points}</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>${xmlEscape(p.variant.seed)}</idnumber>
  </question>`;
}

/**
 * A Moodle XML question bank: one cloze (multianswer) question per variant and problem, in a
 * category per exam and a subcategory per variant, so a quiz can draw "a random question" per
 * variant or the instructor can build one quiz per printed variant.
 */
export function examToMoodleXml(exam: Exam): string {
  const { examSeed, lang } = exam.request;
  const category = (path: string): string => `  <question type="category">
    <category><text>${xmlEscape(path)}</text></category>
  </question>`;
  const base = `$course$/top/exam-variants/${examSeed.replace(/\//g, '-')}`;
  const blocks = exam.variants.flatMap((sheet) => [
    category(`${base}/${sheet.label}`),
    ...sheet.problems.map((p) => questionXml(examSeed, sheet.label, p, lang)),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
${blocks.join('\n')}
</quiz>
`;
}
