import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface SubmittedPart {
  problemIndex: number;
  templateId: string;
  partKey: string;
  /** Exactly what the student typed. */
  raw: string;
  parsed: { ok: boolean; echo?: string; error?: string };
  score: number;
  points: number;
  maxPoints: number;
  feedback: string;
  mistake?: string;
  followThrough?: boolean;
  pendingManual: boolean;
  manualScore?: number;
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
  submittedAt: Date;
}

const partSchema = new Schema<SubmittedPart>(
  {
    problemIndex: Number,
    templateId: String,
    partKey: String,
    raw: { type: String, default: '' },
    parsed: { ok: Boolean, echo: String, error: String },
    score: Number,
    points: Number,
    maxPoints: Number,
    feedback: String,
    mistake: String,
    followThrough: Boolean,
    pendingManual: Boolean,
    manualScore: Number,
  },
  { _id: false },
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
    submittedAt: { type: Date, required: true },
  },
  { strict: 'throw' },
);
// A double click or a retried request stores one submission.
schema.index({ attemptId: 1, idempotencyKey: 1 }, { unique: true });
schema.index({ resourceLinkId: 1, submittedAt: 1 });

export function submissionModel(conn: Connection): Model<SubmissionDoc> {
  return conn.model<SubmissionDoc>('Submission', schema, 'submissions');
}
