import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { queuedScoreFields, type QueuedScore } from './grade-sync.ts';

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
  /** A free-text part waiting for the instructor ("manual" grading). */
  pendingManual: boolean;
  manualScore?: number;
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
  /** Set on a submission written by a regrade: the one it replaces and the rule applied. */
  regradeOf?: Types.ObjectId;
  regradeRule?: string;
  /**
   * The score this submission queued for the LMS, written in the same (atomic) insert, so the
   * outbox record can be re-derived if the process died before writing it (repairMissingOutbox).
   */
  gradeSync?: QueuedScore;
  submittedAt: Date;
  /** Set by the store on insert; absent on submissions stored before it was recorded. */
  createdAt?: Date;
}

const partSchema = new Schema<SubmittedPart>(
  {
    problemIndex: { type: Number, required: true, min: 0 },
    templateId: { type: String, required: true },
    partKey: { type: String, required: true },
    // maxlength repeats assertStorableSize's rule so no write path can skip it.
    raw: { type: String, default: '', maxlength: 5000 },
    parsed: { ok: Boolean, echo: String, error: String },
    score: { type: Number, min: 0, max: 1 },
    points: Number,
    maxPoints: Number,
    feedback: String,
    mistake: String,
    followThrough: Boolean,
    pendingManual: Boolean,
    manualScore: { type: Number, min: 0, max: 1 },
    graderVersion: Number,
  },
  { _id: false, strict: 'throw' },
);

const schema = new Schema<SubmissionDoc>(
  {
    attemptId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    parts: { type: [partSchema], default: [] },
    rawScore: Number,
    scoreFraction: Number,
    points: Number,
    maxPoints: Number,
    pendingManual: Boolean,
    graderVersion: Number,
    templateVersions: [Number],
    auto: { type: Boolean, default: false },
    regradeOf: Schema.Types.ObjectId,
    regradeRule: String,
    gradeSync: { type: new Schema<QueuedScore>(queuedScoreFields, { _id: false, strict: 'throw' }), default: undefined },
    submittedAt: { type: Date, required: true },
  },
  // Append-only: createdAt only (no updatedAt); the repository exports no update of a submission.
  { strict: 'throw', timestamps: { createdAt: true, updatedAt: false } },
);
// A double click or a retried request stores one submission.
schema.index({ attemptId: 1, idempotencyKey: 1 }, { unique: true });
// selectSubmissionsForResourceLink (instructor pages, regrade).
schema.index({ resourceLinkId: 1, submittedAt: 1 });
// selectSubmissionsForAttempt is served by the unique index's attemptId prefix.
// repairMissingOutbox scans recent submissions.
schema.index({ submittedAt: 1 });

export function submissionModel(conn: Connection): Model<SubmissionDoc> {
  return conn.model<SubmissionDoc>('Submission', schema, 'submissions');
}
