import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { TemplateId } from '../../../templates/index.ts';
import type { RegradeRule } from '../../grading/scoring.ts';
import { ACTIVITY_INDEX, type ActivityKey } from './activity-key.ts';

/**
 * The instructor's choices as stored. The store sits below activity, so it names the shape it keeps
 * itself; activity/activity-settings.ts checks at compile time that its ActivitySettings (what the
 * zod schema accepts) is this very shape, both ways.
 */
export interface StoredActivitySettings {
  templates: TemplateId[];
  points: number[];
  attemptsAllowed: number | null;
  feedbackMode: 'immediate' | 'afterDue' | 'never';
  showSolutions: 'never' | 'afterSubmit' | 'afterDue';
  dueAt: string | null;
  language: 'auto' | 'en' | 'cs';
  scorePolicy: 'best' | 'last';
  timeLimitMinutes: number | null;
  declinePerRetry: number;
  title: string;
  printedVariant: { examSeed: string; label: string } | null;
  templateVersions?: Record<string, number> | undefined;
  partsAsked?: Array<{ steps: boolean; freeText: boolean }> | undefined;
}

export interface ActivitySettingsDoc extends ActivityKey {
  _id: Types.ObjectId;
  /** The instructor's choices (validated by ActivitySettingsSchema where they enter). */
  settings: StoredActivitySettings;
  /**
   * Exam mode: extra minutes per learner (accessibility accommodations). Kept outside `settings`
   * because settings are rewritten from the LMS custom parameters on every launch, this is not.
   */
  extraTimeMinutesByUser: Map<string, number>;
  /**
   * The instructor's regrade rules, in the order applied: every later grading of the activity
   * (a new attempt, a manual grade) applies them too. Kept outside `settings` like the extra time.
   */
  regradeRules: StoredRegradeRule[];
  lineItemUrl?: string;
  title: string;
  /** Who launched the placement first (normally the instructor who added it). */
  createdBy?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type StoredRegradeRule = RegradeRule & { appliedAt: Date; appliedBy: string };

const regradeRuleSchema = new Schema<StoredRegradeRule>(
  {
    problemIndex: { type: Number, required: true, min: 0 },
    partKey: { type: String, required: true },
    action: { type: String, enum: ['tolerance', 'accept', 'discount'], required: true },
    relativePercent: { type: Number, min: 0, max: 100 },
    accepted: { type: String, maxlength: 2000 },
    appliedAt: { type: Date, required: true },
    appliedBy: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

// Mirrors ActivitySettingsSchema (zod) field by field; strict 'throw' so a renamed field there fails
// loudly here instead of being dropped silently.
const settingsSchema = new Schema<StoredActivitySettings>(
  {
    templates: { type: [String], required: true },
    points: { type: [Number], required: true },
    attemptsAllowed: { type: Number, min: 1, default: null },
    feedbackMode: { type: String, enum: ['immediate', 'afterDue', 'never'], required: true },
    showSolutions: { type: String, enum: ['never', 'afterSubmit', 'afterDue'], required: true },
    // An ISO string with offset, as the LMS custom parameter carries it (the app compares it as such).
    dueAt: { type: String, default: null },
    language: { type: String, enum: ['auto', 'en', 'cs'], required: true },
    scorePolicy: { type: String, enum: ['best', 'last'], required: true },
    timeLimitMinutes: { type: Number, min: 1, default: null },
    declinePerRetry: { type: Number, min: 0, max: 1, default: 0 },
    title: { type: String, default: '' },
    printedVariant: {
      type: new Schema({ examSeed: String, label: String }, { _id: false, strict: 'throw' }),
      default: null,
    },
    // Family id -> version; absent in activities made before versions were recorded.
    templateVersions: { type: Schema.Types.Mixed, default: undefined },
    // Per problem, which parts are asked (activity/parts-asked.ts); absent: every part.
    partsAsked: {
      type: [new Schema({ steps: Boolean, freeText: Boolean }, { _id: false, strict: 'throw' })],
      default: undefined,
    },
  },
  { _id: false, strict: 'throw' },
);

const schema = new Schema<ActivitySettingsDoc>(
  {
    platformIssuer: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    clientId: { type: String, required: true },
    settings: { type: settingsSchema, required: true },
    extraTimeMinutesByUser: { type: Map, of: { type: Number, min: 0 }, default: () => new Map() },
    regradeRules: { type: [regradeRuleSchema], default: [] },
    lineItemUrl: String,
    title: { type: String, default: '' },
    createdBy: String,
  },
  { timestamps: true, strict: 'throw' },
);
// selectActivitySettings / upsertActivitySettings look up by exactly this key; one record per placement.
schema.index(ACTIVITY_INDEX, { unique: true });

export function activitySettingsModel(conn: Connection): Model<ActivitySettingsDoc> {
  return conn.model<ActivitySettingsDoc>('ActivitySettings', schema, 'activity_settings');
}
