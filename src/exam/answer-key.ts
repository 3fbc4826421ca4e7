import { formatAnswerValue } from '../answers/index.ts';
import { referenceValues } from '../engine/generate-variant.ts';
import type { Exam } from './assemble-exam.ts';

export interface AnswerKeyRow {
  variant: string;
  problem: string;
  templateVersion: number;
  seed: string;
  part: string;
  answer: string;
  points: number;
}

/** Every part of every variant with its answer in canonical text (choices as the printed letters). */
export function answerKeyRows(exam: Exam): AnswerKeyRow[] {
  const rows: AnswerKeyRow[] = [];
  for (const sheet of exam.variants) {
    for (const p of sheet.problems) {
      const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
      const weight = p.variant.parts.filter((x) => !x.optional && !x.manual).reduce((a, x) => a + x.points, 0);
      for (const part of p.variant.parts) {
        const ref = refs.get(part.key);
        const answer = !ref
          ? '(graded by hand)'
          : ref.kind === 'choice'
            ? ref.ids.map((id) => part.options?.find((o) => o.id === id)?.letter ?? id).join(', ')
            : formatAnswerValue(ref);
        const points = part.optional || part.manual ? 0 : Math.round((part.points / weight) * p.points * 100) / 100;
        rows.push({ variant: sheet.label, problem: p.template.id, templateVersion: p.variant.templateVersion, seed: p.variant.seed, part: part.key, answer, points });
      }
    }
  }
  return rows;
}

export function answerKeyJson(exam: Exam): string {
  return `${JSON.stringify(
    {
      examSeed: exam.request.examSeed,
      lang: exam.request.lang,
      problems: exam.request.problems,
      points: exam.request.points,
      variants: exam.variants.map((v) => ({
        label: v.label,
        problems: v.problems.map((p) => ({ problem: p.template.id, templateVersion: p.variant.templateVersion, seed: p.variant.seed, params: p.variant.params, answers: p.template.answersToJson(p.variant.answers) })),
      })),
    },
    null,
    2,
  )}\n`;
}

const csvCell = (v: string | number): string => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export function answerKeyCsv(exam: Exam): string {
  const header = ['variant', 'problem', 'template_version', 'seed', 'part', 'answer', 'points'];
  const lines = answerKeyRows(exam).map((r) => [r.variant, r.problem, r.templateVersion, r.seed, r.part, r.answer, r.points].map(csvCell).join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
