import { referenceValues } from '../engine/generate-variant.ts';
import type { Exam } from './assemble-exam.ts';
import { distinctnessText } from './exam-distinctness.ts';
import { partPoints, requiredParts } from '../grading/scoring.ts';
import { referenceText } from './reference-text.ts';

export interface AnswerKeyRow {
  variant: string;
  problem: string;
  templateVersion: number;
  seed: string;
  /** As numbered on the sheet: problem.part, e.g. "2.3". */
  question: string;
  part: string;
  answer: string;
  points: number;
}

/** Every printed part of every variant with its answer in canonical text (choices as the printed letters). */
export function answerKeyRows(exam: Pick<Exam, 'variants'>): AnswerKeyRow[] {
  const rows: AnswerKeyRow[] = [];
  for (const sheet of exam.variants) {
    sheet.problems.forEach((p, pi) => {
      const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
      const points = partPoints(p.variant.parts, p.points);
      requiredParts(p.variant.parts).forEach((part, i) => {
        rows.push({
          variant: sheet.label,
          problem: p.template.id,
          templateVersion: p.variant.templateVersion,
          seed: p.variant.seed,
          question: `${pi + 1}.${i + 1}`,
          part: part.key,
          answer: referenceText(part, refs.get(part.key)) ?? '(graded by hand)',
          points: points.get(part.key) ?? 0,
        });
      });
    });
  }
  return rows;
}

/** The key as data: the request, and per variant and problem its seed, params, answers and printed parts. */
export function answerKeyJson(exam: Exam): string {
  const rows = answerKeyRows(exam);
  const partsOf = (label: string, problem: string) =>
    rows
      .filter((r) => r.variant === label && r.problem === problem)
      .map((r) => ({ question: r.question, part: r.part, answer: r.answer, points: r.points }));
  return `${JSON.stringify(
    {
      examSeed: exam.request.examSeed,
      lang: exam.request.lang,
      problems: exam.request.problems,
      points: exam.request.points,
      distinctness: {
        ...exam.distinctness,
        statement: distinctnessText(exam.distinctness, exam.variants.length, 'en'),
      },
      variants: exam.variants.map((v) => ({
        label: v.label,
        problems: v.problems.map((p) => ({
          problem: p.template.id,
          templateVersion: p.variant.templateVersion,
          seed: p.variant.seed,
          params: p.variant.params,
          answers: p.template.answersToJson(p.variant.answers),
          parts: partsOf(v.label, p.template.id),
        })),
      })),
    },
    null,
    2,
  )}\n`;
}

/**
 * RFC 4180 quoting. A cell starting with = or @ (only an odd exam seed could) gets an apostrophe so
 * a spreadsheet does not run it; a leading minus stays, answers like -1/2 are math, not formulas.
 */
function csvCell(v: string | number): string {
  let text = String(v);
  if (/^[=@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function answerKeyCsv(exam: Exam): string {
  const header = ['variant', 'problem', 'question', 'part', 'answer', 'points', 'template_version', 'seed'];
  const lines = answerKeyRows(exam).map((r) =>
    [r.variant, r.problem, r.question, r.part, r.answer, r.points, r.templateVersion, r.seed].map(csvCell).join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
