import type { AnswerValue } from '../core/answer-value.ts';
import { toNumber, type Scalar } from '../core/scalar.ts';
import { formatAnswerValue } from '../answers/index.ts';
import { referenceValues, type VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';
import type { Exam, ExamProblem } from './assemble-exam.ts';

/** Moodle's TeX filter reads \( \) and \[ \], not dollars. */
export function dollarsToMoodleTex(text: string): string {
  return text.replace(/\$\$([\s\S]+?)\$\$/g, '\\[$1\\]').replace(/\$([^$]+?)\$/g, '\\($1\\)');
}

/** Characters with a meaning inside a cloze {…} answer are escaped with a backslash. */
function clozeEscape(text: string): string {
  return text.replace(/([}#~/"\\])/g, '\\$1');
}

function numerical(value: Scalar): string {
  const v = toNumber(value);
  // The tool's default tolerance: max(1e-9, 1 % of the reference).
  const tolerance = Math.max(1e-9, Math.abs(v) * 0.01);
  return `{1:NUMERICAL:=${v}:${tolerance}}`;
}

function blanksFor(ref: AnswerValue | undefined, part: VariantPart, lang: Lang): string {
  if (!ref) return '{1:SHORTANSWER:=*}';
  switch (ref.kind) {
    case 'number':
      return numerical(ref.value);
    case 'vector':
      return `[ ${ref.values.map(numerical).join(' , ')} ]`;
    case 'matrix':
      return `<table>${ref.rows.map((r) => `<tr>${r.map((v) => `<td>${numerical(v)}</td>`).join('')}</tr>`).join('')}</table>`;
    case 'choice': {
      const correct = new Set(ref.ids);
      const options = part.options ?? [];
      if (part.type === 'multiChoice') {
        const share = Math.round(100 / Math.max(1, correct.size));
        return `{1:MULTIRESPONSE:${options.map((o) => `%${correct.has(o.id) ? share : -100}%${clozeEscape(dollarsToMoodleTex(o.label[lang]))}`).join('~')}}`;
      }
      return `{1:MULTICHOICE_V:${options.map((o) => `${correct.has(o.id) ? '=' : ''}${clozeEscape(dollarsToMoodleTex(o.label[lang]))}`).join('~')}}`;
    }
    default:
      return `{1:SHORTANSWER:=${clozeEscape(formatAnswerValue(ref))}}`;
  }
}

function questionXml(examSeed: string, label: string, p: ExamProblem, lang: Lang): string {
  const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
  const parts = p.variant.parts
    .filter((part) => !part.manual && !part.optional)
    .map((part) => `<li>${escapeHtml(dollarsToMoodleTex(part.prompt[lang]))}<br>${blanksFor(refs.get(part.key), part, lang)}</li>`)
    .join('');
  const statement = dollarsToMoodleTex(p.template.statement(p.variant.params, lang))
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para)}</p>`)
    .join('');
  const diagram = p.template.diagram ? `<div>${p.template.diagram(p.variant.params)}</div>` : '';
  const solution = `<ol>${p.template.solution(p.variant.params, p.variant.answers, lang).map((s) => `<li>${escapeHtml(dollarsToMoodleTex(s))}</li>`).join('')}</ol>`;
  return `  <question type="cloze">
    <name><text>${escapeHtml(`${examSeed} ${label} ${p.template.id}`)}</text></name>
    <questiontext format="html"><text><![CDATA[${statement}${diagram}<ol>${parts}</ol>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[${solution}]]></text></generalfeedback>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>${escapeHtml(p.variant.seed)}</idnumber>
  </question>`;
}

/** A Moodle XML question bank: one cloze question per variant and problem, in a category per exam. */
export function examToMoodleXml(exam: Exam): string {
  const { examSeed, lang } = exam.request;
  const questions = exam.variants.flatMap((sheet) => sheet.problems.map((p) => questionXml(examSeed, sheet.label, p, lang)));
  return `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/exam-variants/${escapeHtml(examSeed)}</text></category>
  </question>
${questions.join('\n')}
</quiz>
`;
}
