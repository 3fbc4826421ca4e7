import { z } from 'zod';
import { TEMPLATE_IDS } from '../../../templates/index.ts';
import { ActivitySettingsSchema, currentTemplateVersions } from '../../activity/activity-settings.ts';
import { choiceList, numberText, textField } from './form-fields.ts';

const pointsFields = Object.fromEntries(TEMPLATE_IDS.map((id) => [`points:${id}`, numberText(5)]));
/** Per problem: 'headline' asks the headline answer only; 'no' leaves the free-text part out (absent: asked). */
const askedFields = Object.fromEntries(
  TEMPLATE_IDS.flatMap((id) => [
    [`steps:${id}`, textField],
    [`freeText:${id}`, textField],
  ]),
);

/** datetime-local has no zone: the form says UTC, so read it as UTC. */
const dueAtField = textField.transform((due, ctx) => {
  if (due === '') return null;
  const date = new Date(/Z|[+-]\d\d:\d\d$/.test(due) ? due : `${due}Z`);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'must be a date and time', input: due });
    return z.NEVER;
  }
  return date.toISOString();
});

/** The deep-linking form (web/pages/deep-link-page.ts) as the activity's settings. */
export const SettingsFormSchema = z
  .object({
    title: textField,
    templates: choiceList,
    ...pointsFields,
    ...askedFields,
    attemptsAllowed: numberText(null),
    feedbackMode: textField,
    showSolutions: textField,
    dueAt: dueAtField,
    language: textField,
    scorePolicy: textField,
    timeLimitMinutes: numberText(null),
    declinePerRetry: numberText(0),
    printedSeed: textField,
    printedLabel: textField,
  })
  .transform((form, ctx) => {
    // Unknown problem ids are dropped; the chosen ones keep the registry's order.
    const templates = TEMPLATE_IDS.filter((id) => form.templates.includes(id));
    const points = form as unknown as Record<string, number>;
    const choices = form as unknown as Record<string, string | undefined>;
    const partsAsked = templates.map((id) => ({
      steps: choices[`steps:${id}`] !== 'headline',
      freeText: choices[`freeText:${id}`] !== 'no',
    }));
    const candidate = {
      templates,
      points: templates.map((id) => points[`points:${id}`]),
      // Recorded only when some problem asks less than everything.
      ...(partsAsked.some((a) => !a.steps || !a.freeText) ? { partsAsked } : {}),
      attemptsAllowed: form.attemptsAllowed,
      feedbackMode: form.feedbackMode || 'immediate',
      showSolutions: form.showSolutions || 'afterSubmit',
      dueAt: form.dueAt,
      language: form.language || 'auto',
      scorePolicy: form.scorePolicy || 'best',
      timeLimitMinutes: form.timeLimitMinutes,
      declinePerRetry: form.declinePerRetry,
      title: form.title || 'Exam',
      printedVariant: form.printedSeed ? { examSeed: form.printedSeed, label: form.printedLabel.toUpperCase() } : null,
      // A new activity draws from the current template versions (a printed exam's route may pin older ones).
      templateVersions: currentTemplateVersions(),
    };
    const checked = ActivitySettingsSchema.safeParse(candidate);
    if (checked.success) return checked.data;
    for (const issue of checked.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: candidate });
    return z.NEVER;
  });
