import { z } from 'zod';
import { isTemplateId, TEMPLATE_IDS, type TemplateId } from '../../../templates/index.ts';
import { MAX_VARIANTS, type ExamRequest } from '../../exam/assemble-exam.ts';
import { PaperOptionError, readPaperOptions, type PaperOptions } from '../../exam/paper-options.ts';
import { choiceList, numberText, textField } from './form-fields.ts';

const pointsFields = Object.fromEntries(
  TEMPLATE_IDS.map((id) => [
    `points:${id}`,
    numberText(5).refine((p) => p !== null && p > 0 && p <= 1000, 'a number above 0, at most 1000'),
  ]),
);

/** The print-exam form (web/pages/exam-form-page.ts); `lang` is absent when the form leaves it to the launch. */
export const ExamFormSchema = z
  .object({
    seed: textField.pipe(
      z.string().min(1, 'required, at most 100 characters').max(100, 'required, at most 100 characters'),
    ),
    variants: numberText(null).refine(
      (v) => v !== null && Number.isInteger(v) && v >= 1 && v <= MAX_VARIANTS,
      `a whole number from 1 to ${MAX_VARIANTS}`,
    ),
    problems: choiceList.refine(
      (chosen) => chosen.length > 0 && chosen.every(isTemplateId),
      `choose at least one of ${TEMPLATE_IDS.join(', ')}`,
    ),
    ...pointsFields,
    lang: textField.transform((v) => (v === 'cs' || v === 'en' ? v : undefined)),
    // What is printed around the problems: the same rules as the command line's options (paper-options.ts).
    course: textField,
    date: textField,
    duration: textField,
    instructions: textField,
    cover: textField.transform((v) => v !== ''),
  })
  .transform((form, ctx): Omit<ExamRequest, 'lang'> & { lang: ExamRequest['lang'] | undefined } => {
    const problems = TEMPLATE_IDS.filter((id) => form.problems.includes(id));
    const points = form as unknown as Record<string, number>;
    let paper: PaperOptions = {};
    try {
      paper = readPaperOptions(form);
    } catch (error) {
      if (!(error instanceof PaperOptionError)) throw error;
      ctx.addIssue({ code: 'custom', path: [error.field], message: error.rule });
      return z.NEVER;
    }
    return {
      examSeed: form.seed,
      variants: form.variants ?? 0,
      problems,
      lang: form.lang,
      points: problems.map((id: TemplateId) => points[`points:${id}`] ?? 5),
      paper,
    };
  });
