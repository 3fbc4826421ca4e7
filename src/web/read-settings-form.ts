import { TEMPLATE_IDS } from '../../templates/index.ts';
import {
  ActivitySettingsSchema,
  currentTemplateVersions,
  type ActivitySettings,
} from '../activity/activity-settings.ts';
import { HttpError } from './http-error.ts';

const text = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

const optionalNumber = (body: Record<string, unknown>, name: string): number | null => {
  const v = text(body, name);
  return v === '' ? null : Number(v);
};

/** The deep-linking form as validated settings; a bad field is a 422 naming the field and the rule. */
export function readSettingsForm(raw: unknown): ActivitySettings {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const chosen = body.templates;
  const templates = (Array.isArray(chosen) ? chosen : [chosen]).filter((t): t is string => typeof t === 'string');
  const due = text(body, 'dueAt');
  // datetime-local has no zone: the form says UTC, so read it as UTC.
  const dueDate = due === '' ? null : new Date(/Z|[+-]\d\d:\d\d$/.test(due) ? due : `${due}Z`);
  if (dueDate && Number.isNaN(dueDate.getTime())) throw new HttpError(422, 'dueAt: must be a date and time');
  const candidate = {
    templates: TEMPLATE_IDS.filter((id) => templates.includes(id)),
    points: TEMPLATE_IDS.filter((id) => templates.includes(id)).map((id) => Number(text(body, `points:${id}`) || '5')),
    attemptsAllowed: optionalNumber(body, 'attemptsAllowed'),
    feedbackMode: text(body, 'feedbackMode') || 'immediate',
    showSolutions: text(body, 'showSolutions') || 'afterSubmit',
    dueAt: dueDate ? dueDate.toISOString() : null,
    language: text(body, 'language') || 'auto',
    scorePolicy: text(body, 'scorePolicy') || 'best',
    timeLimitMinutes: optionalNumber(body, 'timeLimitMinutes'),
    declinePerRetry: Number(text(body, 'declinePerRetry') || '0'),
    title: text(body, 'title') || 'Exam',
    printedVariant: text(body, 'printedSeed')
      ? { examSeed: text(body, 'printedSeed'), label: text(body, 'printedLabel').toUpperCase() }
      : null,
    // A new activity draws from the current template versions (a printed exam's route may pin older ones).
    templateVersions: currentTemplateVersions(),
  };
  const parsed = ActivitySettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(422, `${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as ActivitySettings;
}
