import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ResourceLinkKey } from './activity-settings.ts';

export interface AttemptProblem {
  templateId: string;
  templateVersion: number;
  seed: string;
  /** Snapshot of the generated params: a later template change never alters this attempt. */
  params: unknown;
  points: number;
}

export interface AttemptDoc extends ResourceLinkKey {
  _id: Types.ObjectId;
  clientId: string;
  userId: string;
  userName: string;
  isStaff: boolean;
  attemptNumber: number;
  problems: AttemptProblem[];
  /** Answers saved by "check", graded if time runs out before a submit. */
  draft: Record<string, string>;
  startedAt: Date;
  deadlineAt?: Date;
  closedAt?: Date;
  status: 'open' | 'submitted' | 'closed';
  /** Score fraction after the retry penalty, of the best and the last submission. */
  bestScore?: number;
  lastScore?: number;
}

const problemSchema = new Schema<AttemptProblem>(
  { templateId: { type: String, required: true }, templateVersion: { type: Number, required: true }, seed: { type: String, required: true }, params: { type: Schema.Types.Mixed, required: true }, points: { type: Number, required: true } },
  { _id: false },
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
    attemptNumber: { type: Number, required: true, min: 1 },
    problems: { type: [problemSchema], required: true },
    draft: { type: Schema.Types.Mixed, default: {} },
    startedAt: { type: Date, required: true },
    deadlineAt: Date,
    closedAt: Date,
    status: { type: String, enum: ['open', 'submitted', 'closed'], default: 'open' },
    bestScore: Number,
    lastScore: Number,
  },
  { strict: 'throw', minimize: false },
);
// One attempt per number per learner per placement: the unique index settles creation races.
schema.index({ platformIssuer: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1, userId: 1, attemptNumber: 1 }, { unique: true });
schema.index({ platformIssuer: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1, startedAt: -1 });

export function attemptModel(conn: Connection): Model<AttemptDoc> {
  return conn.model<AttemptDoc>('Attempt', schema, 'attempts');
}
