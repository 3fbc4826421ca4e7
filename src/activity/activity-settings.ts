import { z } from 'zod';
import { EVERY_PART, type PartsAsked } from './parts-asked.ts';
import { TEMPLATE_IDS, TEMPLATES, getTemplate, isTemplateId, type TemplateId } from '../../templates/index.ts';
import type { StoredActivitySettings } from '../store/models/activity-settings.ts';

/**
 * What the instructor chose in Deep Linking. It travels in the resource link's custom parameters
 * (so the LMS keeps it with the activity) and is copied to the database for the dashboard.
 */
export const ActivitySettingsSchema = z.object({
  templates: z
    .array(z.string().refine(isTemplateId, { message: `must be one of ${TEMPLATE_IDS.join(', ')}` }))
    .min(1, 'choose at least one problem')
    .max(12),
  points: z.array(z.number().positive('must be > 0').max(1000)).min(1),
  attemptsAllowed: z.number().int().min(1).max(100).nullable(),
  feedbackMode: z.enum(['immediate', 'afterDue', 'never']),
  showSolutions: z.enum(['never', 'afterSubmit', 'afterDue']),
  dueAt: z.string().datetime({ offset: true }).nullable(),
  language: z.enum(['auto', 'en', 'cs']),
  scorePolicy: z.enum(['best', 'last']),
  timeLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
  declinePerRetry: z.number().min(0).max(1),
  title: z.string().max(200),
  /** Deliver a printed variant online: everyone gets variant `label` of the exam with this seed. */
  printedVariant: z
    .object({
      examSeed: z.string().min(1).max(100),
      label: z.string().regex(/^[A-Z]{1,2}$/, 'a variant label: A to Z, then AA, AB, ...'),
    })
    .nullable()
    .default(null),
  /**
   * Per problem (in `templates` order): ask its intermediate steps, and its free-text part
   * (parts-asked.ts). Absent: every part, as activities made before this setting existed.
   */
  partsAsked: z.array(z.object({ steps: z.boolean(), freeText: z.boolean() })).optional(),
  /**
   * The template version of each problem family, fixed when the activity is made (Deep Linking),
   * so every learner of one activity gets variants of the same kind. Absent in activities made
   * before versions were recorded: those stay on version 1.
   */
  templateVersions: z
    .record(z.string(), z.number().int().min(1))
    .refine((v) => Object.entries(v).every(([id, version]) => getTemplate(id, version) !== undefined), {
      message: 'a problem family has no such version',
    })
    .optional(),
});

export type ActivitySettings = z.infer<typeof ActivitySettingsSchema> & { templates: TemplateId[] };

// The store keeps exactly these settings (it names their shape itself, being below activity): a
// field added or changed on one side only stops the build here.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const storedAsChosen: SameShape<ActivitySettings, StoredActivitySettings> = true;
void storedAsChosen;

export const DEFAULT_SETTINGS: ActivitySettings = {
  templates: [...TEMPLATE_IDS],
  points: TEMPLATE_IDS.map(() => 5),
  attemptsAllowed: null,
  feedbackMode: 'immediate',
  showSolutions: 'afterSubmit',
  dueAt: null,
  language: 'auto',
  scorePolicy: 'best',
  timeLimitMinutes: null,
  declinePerRetry: 0,
  title: 'Deep learning exam',
  printedVariant: null,
  templateVersions: currentTemplateVersions(),
};

/** The version a new activity records for every family: the current one. */
export function currentTemplateVersions(): Record<TemplateId, number> {
  return Object.fromEntries(TEMPLATE_IDS.map((id) => [id, TEMPLATES[id].version])) as Record<TemplateId, number>;
}

/** Activities made before template versions were recorded were all drawn from version 1. */
const VERSION_BEFORE_RECORDING = 1;

/** The template version this activity draws the family from. */
export function templateVersionIn(settings: ActivitySettings, id: TemplateId): number {
  return settings.templateVersions?.[id] ?? VERSION_BEFORE_RECORDING;
}

/** LTI custom parameters are strings; this is the one encoding used both ways. */
export function settingsToCustom(s: ActivitySettings): Record<string, string> {
  return { ev_settings: JSON.stringify(s) };
}

export function settingsFromCustom(custom: Record<string, unknown>): ActivitySettings {
  const raw = custom.ev_settings;
  if (typeof raw !== 'string') return DEFAULT_SETTINGS;
  try {
    const parsed = ActivitySettingsSchema.safeParse(JSON.parse(raw));
    if (
      parsed.success &&
      parsed.data.points.length === parsed.data.templates.length &&
      (parsed.data.partsAsked ?? parsed.data.templates).length === parsed.data.templates.length
    )
      return parsed.data;
  } catch {
    // A platform that mangled the custom parameter gets the defaults rather than a broken page.
  }
  return DEFAULT_SETTINGS;
}

/** What the activity asks of problem `index` (every part unless the instructor chose otherwise). */
export function partsAskedIn(settings: Pick<ActivitySettings, 'partsAsked'>, index: number): PartsAsked {
  return settings.partsAsked?.[index] ?? EVERY_PART;
}
