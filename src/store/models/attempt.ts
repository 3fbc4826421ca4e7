import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { z } from 'zod';
import { zodCheck } from '../../lib/zod-accepts.ts';
import { ACTIVITY_INDEX, type ActivityKey } from './activity-key.ts';

export interface AttemptProblem {
  templateId: string;
  templateVersion: number;
  seed: string;
  /** Snapshot of the generated params: a later template change never alters this attempt. */
  params: unknown;
  points: number;
  /** The printed exam's variant label ('A', 'B', ...) when the problem comes from a paper exam. */
  label?: string;
  /**
   * How many deterministic re-rolls of the learner's seed were needed so their headline answer
   * differs from the neighbours' in this activity (0 or absent: the seed itself).
   */
  reroll?: number;
  /** The headline answer up to row order, so the next learner's draw can avoid it without re-solving. */
  headline?: string;
  /** The keys of the parts asked, when the activity asks only some (activity/parts-asked.ts); absent: all. */
  partsAsked?: string[];
}

export interface AttemptDoc extends ActivityKey {
  _id: Types.ObjectId;
  userId: string;
  userName: string;
  isStaff: boolean;
  /** LTI roles of the launch that started the attempt (who was it: learner, instructor test). */
  roles: string[];
  attemptNumber: number;
  /** problems[i].templateId, denormalised so listings need not read the params snapshots. */
  templateIds: string[];
  problems: AttemptProblem[];
  /** Answers saved by "check", graded if time runs out before a submit. */
  draft: Record<string, string>;
  /** The page's language when the draft was saved: the deadline grades the draft read in its notation ("1,75" in Czech). */
  draftLang?: 'en' | 'cs';
  startedAt: Date;
  deadlineAt?: Date;
  closedAt?: Date;
  status: 'open' | 'submitted' | 'closed';
  /**
   * Its headlines were counted in the activity's headline counters before it was inserted (every
   * attempt since the counters exist); the backfill counts the attempts without it.
   */
  headlinesCounted?: boolean;
  /** No longer written: the policy over attempts is scoring.ts's, from the submissions. Old records have it. */
  bestScore?: number;
  /** The attempt's current score fraction (after the retry penalty), copied from its latest graded version. */
  lastScore?: number;
}

const problemSchema = new Schema<AttemptProblem>(
  {
    templateId: { type: String, required: true },
    templateVersion: { type: Number, required: true },
    seed: { type: String, required: true },
    // Mixed: each template has its own params shape. Keys are checked ($/dots) before storing.
    params: { type: Schema.Types.Mixed, required: true },
    points: { type: Number, required: true, min: 0 },
    label: String,
    reroll: { type: Number, min: 0 },
    headline: String,
    partsAsked: { type: [String], default: undefined },
  },
  { _id: false, strict: 'throw' },
);

const schema = new Schema<AttemptDoc>(
  {
    platformIssuer: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    clientId: { type: String, required: true },
    userId: { type: String, required: true },
    userName: { type: String, default: '' },
    isStaff: { type: Boolean, default: false },
    roles: { type: [String], default: [] },
    attemptNumber: { type: Number, required: true, min: 1 },
    templateIds: { type: [String], default: [] },
    problems: { type: [problemSchema], required: true },
    draft: { type: Schema.Types.Mixed, default: {} },
    draftLang: { type: String, enum: ['en', 'cs'] },
    startedAt: { type: Date, required: true },
    deadlineAt: Date,
    closedAt: Date,
    status: { type: String, enum: ['open', 'submitted', 'closed'], default: 'open' },
    headlinesCounted: Boolean,
    bestScore: { type: Number, min: 0, max: 1 },
    lastScore: { type: Number, min: 0, max: 1 },
  },
  { strict: 'throw', minimize: false },
);
// One attempt per number per learner per placement: the unique index settles creation races.
schema.index({ ...ACTIVITY_INDEX, userId: 1, attemptNumber: 1 }, { unique: true });
// selectAttemptsOfActivity (instructor listing; read backwards for oldest first).
schema.index({ ...ACTIVITY_INDEX, startedAt: -1 });

// selectExpiredOpenAttempts (deadline sweeper): open attempts by deadline.
schema.index({ status: 1, deadlineAt: 1 });

/** A value is there (mongoose's `required` on a Mixed path): not undefined, not null. */
const present = z.custom<unknown>((v) => v !== undefined && v !== null, 'Required');
const nonEmpty = z.string().min(1);

const NewProblemSchema = z.strictObject({
  templateId: nonEmpty,
  templateVersion: z.number(),
  seed: nonEmpty,
  params: present,
  points: z.number().min(0),
  label: z.string().optional(),
  reroll: z.number().min(0).optional(),
  headline: z.string().optional(),
  partsAsked: z.array(z.string()).optional(),
}) satisfies z.ZodType<AttemptProblem>;

/**
 * A new attempt exactly as the schema above stores it (strict: unknown keys refused, required
 * strings non-empty, the same bounds and enums), checked by createOrGetAttempt instead of
 * mongoose's document, validation and save: casting an attempt (its problems and their params)
 * through mongoose was about half a millisecond of every launch's CPU, and the attempt is created
 * at the launch, when a whole class arrives at once. The stored document is the checked one.
 */
const NewAttemptSchema = z.strictObject({
  platformIssuer: nonEmpty,
  deploymentId: nonEmpty,
  contextId: nonEmpty,
  resourceLinkId: nonEmpty,
  clientId: nonEmpty,
  userId: nonEmpty,
  userName: z.string(),
  isStaff: z.boolean(),
  roles: z.array(z.string()),
  attemptNumber: z.number().min(1),
  templateIds: z.array(z.string()),
  problems: z.array(NewProblemSchema),
  draft: z.custom<Record<string, string>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
  draftLang: z.enum(['en', 'cs']).optional(),
  startedAt: z.date(),
  deadlineAt: z.date().optional(),
  status: z.literal('open'),
  headlinesCounted: z.literal(true),
}) satisfies z.ZodType<Omit<AttemptDoc, '_id'>>;

/** The checked attempt, or zod's account of what is wrong with it (as checkNewSubmission). */
export const checkNewAttempt = zodCheck(NewAttemptSchema);

export function attemptModel(conn: Connection): Model<AttemptDoc> {
  return conn.model<AttemptDoc>('Attempt', schema, 'attempts');
}
