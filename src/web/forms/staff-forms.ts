import { z } from 'zod';
import { TEMPLATE_IDS, type TemplateId } from '../../../templates/index.ts';
import type { RegradeRule } from '../../grading/scoring.ts';
import { numberText, textField } from './form-fields.ts';

/** "Resend" on the results page: the grade record to send again. */
export const ResendFormSchema = z.object({ id: textField });

/** Extra time for one learner (exam mode). */
export const ExtraTimeFormSchema = z.object({
  userId: textField.pipe(
    z.string().min(1, 'the LMS user id of the student is required').max(256, 'at most 256 characters'),
  ),
  minutes: numberText(null).refine(
    (m) => m !== null && Number.isInteger(m) && m >= 0 && m <= 1440,
    'a whole number of minutes from 0 to 1440 (0 removes the extra time)',
  ),
});

/** Grading one part by hand: points (and a comment), or accepting a reading of an unreadable answer. */
export const ManualGradeFormSchema = z
  .object({
    submissionId: textField,
    problemIndex: numberText(null).refine(
      (i) => i !== null && Number.isInteger(i) && i >= 0,
      'a problem number (from 0)',
    ),
    partKey: textField,
    action: textField,
    points: textField,
    comment: z.string('must be one text value').optional().default(''),
    reading: z.string('must be one text value').optional().default(''),
  })
  .transform((form) => {
    const points = form.points.replace(',', '.');
    return {
      unsafeSubmissionId: form.submissionId,
      problemIndex: form.problemIndex ?? 0,
      partKey: form.partKey,
      // The range depends on the part: gradeByHand checks it (422 naming the range).
      ...(points ? { points: Number(points) } : {}),
      ...(form.comment ? { comment: form.comment } : {}),
      ...(form.action === 'accept-reading' ? { reading: form.reading } : {}),
    };
  });

/** A regrade rule from the regrade page's form: the preview (GET, optional) and the apply (POST, required). */
const regradeFields = z.object({
  part: textField,
  action: textField,
  // Absent is no number; '' is 0 (as the form's empty box has always been read).
  tolerance: z.string('must be one text value').trim().optional(),
  accepted: textField,
});

function ruleOf(
  form: z.output<typeof regradeFields>,
  ctx: z.core.$RefinementCtx<z.output<typeof regradeFields>>,
  required: boolean,
): RegradeRule | undefined {
  const [index, partKey] = form.part.split(':');
  if (index === undefined || !partKey) {
    if (required)
      ctx.addIssue({ code: 'custom', path: ['part'], message: 'choose the part to regrade', input: form.part });
    return undefined;
  }
  const action = form.action === 'accept' || form.action === 'discount' ? form.action : 'tolerance';
  const relativePercent = Number(form.tolerance);
  if (action === 'tolerance' && !(relativePercent >= 0 && relativePercent <= 100)) {
    ctx.addIssue({ code: 'custom', path: ['tolerance'], message: 'a percentage from 0 to 100', input: form.tolerance });
    return undefined;
  }
  if (action === 'accept' && !form.accepted) {
    ctx.addIssue({ code: 'custom', path: ['accepted'], message: 'type the answer to accept', input: form.accepted });
    return undefined;
  }
  return {
    problemIndex: Number(index),
    partKey,
    action,
    ...(action === 'tolerance' ? { relativePercent } : {}),
    ...(action === 'accept' ? { accepted: form.accepted } : {}),
  };
}

export const RegradePreviewSchema = regradeFields.transform((form, ctx) => ruleOf(form, ctx, false));

export const RegradeFormSchema = regradeFields.transform((form, ctx) => ruleOf(form, ctx, true) ?? z.NEVER);

/** Which attempt a print or detail link opens (its id is checked against the activity by the route). */
export const AttemptQuerySchema = z.object({ attempt: textField, key: textField });

/** The preview's choices: a problem family, a seed (any text, cut to 200 characters) and the language. */
export const PreviewQuerySchema = z.object({
  template: z
    .enum(TEMPLATE_IDS as unknown as [TemplateId, ...TemplateId[]], `must be one of ${TEMPLATE_IDS.join(', ')}`)
    .optional(),
  seed: textField.transform((seed) => seed.slice(0, 200) || 'preview'),
  lang: textField.transform((lang) => (lang === 'cs' || lang === 'en' ? lang : undefined)),
});
