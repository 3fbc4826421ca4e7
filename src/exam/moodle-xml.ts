import type { AnswerValue } from '../core/answer-value.ts';
import { toNumber, type Scalar } from '../core/scalar.ts';
import { formatAnswerValue } from '../answers/index.ts';
import { referenceValues, type VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';
import type { Exam, ExamProblem } from './assemble-exam.ts';
import { absoluteTolerance, cdata, dollarsToTex, paragraphsHtml } from './export-text.ts';
import { partPoints, requiredParts } from '../activity/scoring.ts';

/** Kept for callers of the first version of this module. */
export const dollarsToMoodleTex = dollarsToTex;

/** Characters with a meaning inside a cloze {…} answer are escaped with a backslash. */
function clozeEscape(text: string): string {
  return text.replace(/([}#~/"\\])/g, '\\$1');
}

/** Cloze weights are whole numbers: a part's points in hundredths, shared by its blanks. */
const blankWeight = (points: number, blanks: number): number => Math.max(1, Math.round((points * 100) / blanks));

function numerical(value: Scalar, weight: number, part: VariantPart): string {
  const v = toNumber(value);
  return `{${weight}:NUMERICAL:=${v}:${absoluteTolerance(v, part.tolerance)}}`;
}

/** The cloze blanks of one part: numbers stay numerical (with tolerance), choices stay choices, the rest text. */
function blanksFor(ref: AnswerValue | undefined, part: VariantPart, points: number, lang: Lang): string {
  if (!ref) return `{${blankWeight(points, 1)}:SHORTANSWER:=*}`;
  switch (ref.kind) {
    case 'number':
      return numerical(ref.value, blankWeight(points, 1), part);
    case 'vector':
      return `( ${ref.values.map((v) => numerical(v, blankWeight(points, ref.values.length), part)).join(' , ')} )`;
    case 'matrix': {
      const w = blankWeight(points, ref.rows.flat().length);
      return `<table>${ref.rows.map((r) => `<tr>${r.map((v) => `<td>${numerical(v, w, part)}</td>`).join('')}</tr>`).join('')}</table>`;
    }
    case 'choice': {
      const correct = new Set(ref.ids);
      const options = part.options ?? [];
      const label = (text: string): string => clozeEscape(dollarsToTex(text));
      if (part.type === 'multiChoice') {
        // Wrong ticks cost as much as right ones earn, so ticking everything scores nothing.
        const share = Math.round((100 / Math.max(1, correct.size)) * 1e5) / 1e5;
        const penalty = Math.round((100 / Math.max(1, options.length - correct.size)) * 1e5) / 1e5;
        return `{${blankWeight(points, 1)}:MULTIRESPONSE:${options.map((o) => `%${correct.has(o.id) ? share : -penalty}%${label(o.label[lang])}`).join('~')}}`;
      }
      return `{${blankWeight(points, 1)}:MULTICHOICE_V:${options.map((o) => `${correct.has(o.id) ? '=' : ''}${label(o.label[lang])}`).join('~')}}`;
    }
    default:
      return `{${blankWeight(points, 1)}:SHORTANSWER:=${clozeEscape(formatAnswerValue(ref))}}`;
  }
}

function questionXml(examSeed: string, label: string, p: ExamProblem, lang: Lang): string {
  const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
  const points = partPoints(p.variant.parts, p.points);
  const parts = requiredParts(p.variant.parts)
    .map(
      (part) =>
        `<li>${escapeHtml(dollarsToTex(part.prompt[lang]))}<br>${blanksFor(refs.get(part.key), part, points.get(part.key) ?? 0, lang)}</li>`,
    )
    .join('');
  // Moodle strips inline SVG from question text; the figure travels as an embedded file instead.
  const figure = p.template.diagram
    ? { name: `${p.template.id}-${label}.svg`, svg: p.template.diagram(p.variant.params) }
    : undefined;
  const img = figure
    ? `<p><img src="@@PLUGINFILE@@/${figure.name}" alt="${escapeHtml(p.template.title[lang])}"></p>`
    : '';
  const file = figure
    ? `\n      <file name="${figure.name}" path="/" encoding="base64">${Buffer.from(figure.svg).toString('base64')}</file>`
    : '';
  const solution = `<ol>${p.template
    .solution(p.variant.params, p.variant.answers, lang)
    .map((s) => `<li>${escapeHtml(dollarsToTex(s))}</li>`)
    .join('')}</ol>`;
  return `  <question type="cloze">
    <name><text>${escapeHtml(`${examSeed} ${label} ${p.template.id}`)}</text></name>
    <questiontext format="html">
      <text>${cdata(`${paragraphsHtml(p.template.statement(p.variant.params, lang))}${img}<ol>${parts}</ol>`)}</text>${file}
    </questiontext>
    <generalfeedback format="html"><text>${cdata(solution)}</text></generalfeedback>
    <defaultgrade>${p.points}</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>${escapeHtml(p.variant.seed)}</idnumber>
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
    <category><text>${escapeHtml(path)}</text></category>
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
