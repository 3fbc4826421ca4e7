import { Schema, Types, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { zodCheck } from '../../lib/zod-accepts.ts';
import { shapeErrorOf } from '../storage-input-error.ts';
import { QueuedScoreSchema, queuedScoreFields, type QueuedScore } from './grade-sync.ts';

export interface SubmittedPart {
  problemIndex: number;
  templateId: string;
  partKey: string;
  /** Exactly what the student typed. */
  raw: string;
  /** How the answer was read: `echo` is shown back to the student, `error` says why it was not. */
  parsed: { ok: boolean; echo?: string; error?: string };
  /** 0..1 */
  score: number;
  points: number;
  maxPoints: number;
  feedback: string;
  mistake?: string;
  followThrough?: boolean;
  /** Waiting for the instructor: free text, or an answer that could not be read. */
  pendingManual: boolean;
  /** The answer could not be read, so it was not graded (stored exactly as typed). */
  unreadable?: boolean;
  /** A bonus part: its points come on top and never lift the problem above its points. */
  bonus?: boolean;
  /** The instructor's share of the part (0..1), given in points on the grading page. */
  manualScore?: number;
  /** The instructor's comment, shown to the student with the grade. */
  comment?: string;
  /** The instructor's reading of an unreadable answer; the part was graded as if typed so. */
  acceptedReading?: string;
  /** Set when a part was graded by another grader version than the submission's (regrades). */
  graderVersion?: number;
}

export interface SubmissionDoc {
  _id: Types.ObjectId;
  attemptId: Types.ObjectId;
  userId: string;
  resourceLinkId: string;
  idempotencyKey: string;
  parts: SubmittedPart[];
  /** 0..1 before the retry penalty */
  rawScore: number;
  /** 0..1 after it: what counts */
  scoreFraction: number;
  points: number;
  maxPoints: number;
  pendingManual: boolean;
  graderVersion: number;
  templateVersions: number[];
  auto: boolean;
  /** The page's language when submitted: graded versions write their feedback in it too. */
  lang?: 'en' | 'cs';
  /**
   * Set on a graded version written after the student's submission (regrade, manual grade): the
   * student's submission it grades again, and what changed. Not a submission of the student's.
   */
  regradeOf?: Types.ObjectId;
  regradeRule?: string;
  /** 1 for the student's submission, then one more for each graded version; absent on old records (1, or 2 for a regrade). */
  version?: number;
  /**
   * True on the learner's hand-in of the attempt (their submit, or the clock's), never on a graded
   * version. An attempt takes one: the unique index over these records refuses a second whatever
   * its idempotency key (two tabs submitting at once, a submit racing the deadline sweep, a new
   * page after a submit a crash left half done). Absent on records from before it was kept.
   */
  handIn?: true;
  /** When this version was graded (the student's submittedAt is kept on every version). */
  gradedAt?: Date;
  /**
   * The score this submission queued for the LMS, written in the same (atomic) insert, so the
   * outbox record can be re-derived if the process died before writing it (repairRecentSubmissions).
   */
  gradeSync?: QueuedScore;
  submittedAt: Date;
  /** Set by the store on insert; absent on submissions stored before it was recorded. */
  createdAt?: Date;
}

const unitInterval = z.number().min(0).max(1);

/**
 * A stored part, checked by the `parts` validator below on every write. Not a mongoose subdocument
 * schema: casting and validating 20 subdocuments cost about 2 ms of CPU per submission (measured),
 * most of the cost of storing one; this check costs about 0.02 ms and refuses the same things
 * (unknown keys, wrong types, out-of-range scores, oversized answers), without casting.
 */
const SubmittedPartSchema = z.strictObject({
  problemIndex: z.number().int().min(0),
  templateId: z.string().min(1),
  partKey: z.string().min(1),
  // max repeats assertStorableSize's rule so no write path can skip it.
  raw: z.string().max(5000),
  parsed: z.strictObject({ ok: z.boolean(), echo: z.string().optional(), error: z.string().optional() }),
  score: unitInterval,
  points: z.number(),
  maxPoints: z.number(),
  feedback: z.string(),
  mistake: z.string().optional(),
  followThrough: z.boolean().optional(),
  pendingManual: z.boolean(),
  unreadable: z.boolean().optional(),
  bonus: z.boolean().optional(),
  manualScore: unitInterval.optional(),
  comment: z.string().max(5000).optional(),
  acceptedReading: z.string().max(5000).optional(),
  graderVersion: z.number().optional(),
}) satisfies z.ZodType<SubmittedPart>;

const SubmittedParts = z.array(SubmittedPartSchema);

/** "parts.3.score: Too big: expected number to be <=1", or undefined when the parts are valid. */
export function submittedPartsProblem(parts: unknown): string | undefined {
  const result = SubmittedParts.safeParse(parts);
  return result.success ? undefined : shapeErrorOf(result.error, { at: ['parts'], whole: 'parts' }).message;
}

const objectId = z.instanceof(Types.ObjectId);

/**
 * A new submission exactly as the schema below stores it (strict: unknown keys refused, required
 * strings non-empty, as mongoose's `required` has them). Checked by recordSubmission instead of
 * mongoose's Model.validate: casting the document through mongoose cost about 0.6 ms of CPU per
 * submission (profiled under bench:http), more than grading it; this check refuses the same
 * documents without casting, and the stored document is the checked one.
 */
const NewSubmissionSchema = z.strictObject({
  attemptId: objectId,
  userId: z.string().min(1),
  resourceLinkId: z.string().min(1),
  idempotencyKey: z.string().min(1),
  parts: SubmittedParts,
  rawScore: z.number(),
  scoreFraction: z.number(),
  points: z.number(),
  maxPoints: z.number(),
  pendingManual: z.boolean(),
  graderVersion: z.number(),
  templateVersions: z.array(z.number()),
  auto: z.boolean(),
  lang: z.enum(['en', 'cs']).optional(),
  regradeOf: objectId.optional(),
  regradeRule: z.string().optional(),
  version: z.number().int().min(1).optional(),
  handIn: z.literal(true).optional(),
  gradedAt: z.date().optional(),
  gradeSync: QueuedScoreSchema.optional(),
  submittedAt: z.date(),
}) satisfies z.ZodType<Omit<SubmissionDoc, '_id' | 'createdAt'>>;

/**
 * The checked submission, or zod's account of what is wrong with it. Every submission is checked,
 * and nearly all pass: the compiled check says so without copying the document (zod's parse of
 * one allocated about 100 kB), and zod itself is asked only for a refusal's message. The schema
 * has no defaults or transforms, so a document that passes is its own parse result.
 */
export const checkNewSubmission = zodCheck(NewSubmissionSchema);

/** The name of the index that lets an attempt take one hand-in (handIn). */
const ONE_HAND_IN_INDEX = 'one_hand_in_per_attempt';

const schema = new Schema<SubmissionDoc>(
  {
    attemptId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    parts: {
      // One Mixed value, not an array of subdocuments: see SubmittedPartSchema.
      type: Schema.Types.Mixed,
      default: () => [],
      validate: {
        validator: (parts: unknown) => submittedPartsProblem(parts) === undefined,
        message: (props: { value: unknown }) => submittedPartsProblem(props.value) ?? 'parts: invalid',
      },
    },
    rawScore: Number,
    scoreFraction: Number,
    points: Number,
    maxPoints: Number,
    pendingManual: Boolean,
    graderVersion: Number,
    templateVersions: [Number],
    auto: { type: Boolean, default: false },
    lang: { type: String, enum: ['en', 'cs'] },
    regradeOf: Schema.Types.ObjectId,
    regradeRule: String,
    version: Number,
    handIn: Boolean,
    gradedAt: Date,
    gradeSync: {
      type: new Schema<QueuedScore>(queuedScoreFields, { _id: false, strict: 'throw' }),
      default: undefined,
    },
    submittedAt: { type: Date, required: true },
  },
  // Append-only: nothing changes a stored submission; a regrade or a manual grade stores a new
  // version of it (activity/submission-versions.ts). Hence no updatedAt. recordSubmission inserts
  // through the collection, past mongoose's timestamps, and sets createdAt itself.
  { strict: 'throw', timestamps: { createdAt: true, updatedAt: false } },
);
// A double click or a retried request stores one submission.
schema.index({ attemptId: 1, idempotencyKey: 1 }, { unique: true });
// One hand-in per attempt, whatever the key (see handIn). Partial: graded versions and the records
// from before the field are not in it, so it builds on a store that holds them.
schema.index({ attemptId: 1 }, { unique: true, partialFilterExpression: { handIn: true }, name: ONE_HAND_IN_INDEX });
// selectSubmissionsOfActivity (instructor pages, regrade).
schema.index({ resourceLinkId: 1, submittedAt: 1 });
// A learner's submissions at a resource link, read with their attempts (readSubmittedAttemptIds).
schema.index({ resourceLinkId: 1, userId: 1 });
// selectSubmissionsForAttempt is served by the unique index's attemptId prefix.
// The submission repair reads those submitted, and the graded versions written, recently.
schema.index({ submittedAt: 1 });
schema.index({ gradedAt: 1 });

export function submissionModel(conn: Connection): Model<SubmissionDoc> {
  return conn.model<SubmissionDoc>('Submission', schema, 'submissions');
}
