import { Schema, type Connection, type Model, type Types } from 'mongoose';

export type GradeSyncStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface GradeSyncDoc {
  _id: Types.ObjectId;
  /** One outbox record per submission (unique), so queueing is idempotent. */
  submissionId: Types.ObjectId;
  attemptId: Types.ObjectId;
  platformIssuer: string;
  clientId: string;
  contextId: string;
  resourceLinkId: string;
  userId: string;
  lineItemUrl: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: 'Completed' | 'Submitted';
  gradingProgress: 'FullyGraded' | 'PendingManual';
  timestamp: Date;
  status: GradeSyncStatus;
  tries: number;
  nextAttemptAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  lastError?: string;
  lastStatus?: number;
  sentAt?: Date;
}

const schema = new Schema<GradeSyncDoc>(
  {
    submissionId: { type: Schema.Types.ObjectId, required: true },
    attemptId: { type: Schema.Types.ObjectId, required: true },
    platformIssuer: { type: String, required: true },
    clientId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    userId: { type: String, required: true },
    lineItemUrl: { type: String, required: true },
    scoreGiven: { type: Number, required: true },
    scoreMaximum: { type: Number, required: true },
    activityProgress: { type: String, required: true },
    gradingProgress: { type: String, required: true },
    timestamp: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed'], default: 'pending' },
    tries: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseOwner: String,
    leaseUntil: Date,
    lastError: String,
    lastStatus: Number,
    sentAt: Date,
  },
  { strict: 'throw' },
);
schema.index({ submissionId: 1 }, { unique: true });
schema.index({ status: 1, nextAttemptAt: 1 });
schema.index({ resourceLinkId: 1, userId: 1 });

export function gradeSyncModel(conn: Connection): Model<GradeSyncDoc> {
  return conn.model<GradeSyncDoc>('GradeSync', schema, 'grade_sync');
}
