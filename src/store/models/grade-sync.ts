import { Schema, Types, type Connection, type Model } from 'mongoose';
import { z } from 'zod';

/** 'superseded': a newer score of the same student was queued before this one was sent, so it never is. */
export type GradeSyncStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'superseded';

export interface GradeSyncDoc {
  _id: Types.ObjectId;
  /** One outbox record per submission (unique), so queueing is idempotent. */
  submissionId: Types.ObjectId;
  attemptId: Types.ObjectId;
  platformIssuer: string;
  /** Optional: records queued before it was stored lack it; the AGS call needs issuer + client id. */
  deploymentId?: string;
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
  /** Set by the claim that leased it (one per claim call), so that claim can read back exactly the records it won. */
  claimToken?: string;
  lastError?: string;
  lastStatus?: number;
  sentAt?: Date;
}

/** What a caller queues: the score and where it goes. The outbox adds status, tries and the lease. */
export type QueuedScore = Omit<
  GradeSyncDoc,
  | '_id'
  | 'submissionId'
  | 'status'
  | 'tries'
  | 'nextAttemptAt'
  | 'leaseOwner'
  | 'leaseUntil'
  | 'claimToken'
  | 'lastError'
  | 'lastStatus'
  | 'sentAt'
>;

/** The queued score as a sub-document: submissions carry it so a lost outbox write can be redone. */
export const queuedScoreFields = {
  attemptId: { type: Schema.Types.ObjectId, required: true },
  platformIssuer: { type: String, required: true },
  deploymentId: String,
  clientId: { type: String, required: true },
  contextId: { type: String, required: true },
  resourceLinkId: { type: String, required: true },
  userId: { type: String, required: true },
  lineItemUrl: { type: String, required: true },
  scoreGiven: { type: Number, required: true, min: 0 },
  scoreMaximum: { type: Number, required: true, min: 0 },
  activityProgress: { type: String, enum: ['Completed', 'Submitted'], required: true },
  gradingProgress: { type: String, enum: ['FullyGraded', 'PendingManual'], required: true },
  timestamp: { type: Date, required: true },
} as const;

/**
 * The same rules as queuedScoreFields, for writes that do not go through mongoose's casting (the
 * submission insert and the outbox upsert, written in bulk): strict, required strings non-empty.
 */
export const QueuedScoreSchema = z.strictObject({
  attemptId: z.instanceof(Types.ObjectId),
  platformIssuer: z.string().min(1),
  deploymentId: z.string().optional(),
  clientId: z.string().min(1),
  contextId: z.string().min(1),
  resourceLinkId: z.string().min(1),
  userId: z.string().min(1),
  lineItemUrl: z.string().min(1),
  scoreGiven: z.number().min(0),
  scoreMaximum: z.number().min(0),
  activityProgress: z.enum(['Completed', 'Submitted']),
  gradingProgress: z.enum(['FullyGraded', 'PendingManual']),
  timestamp: z.date(),
}) satisfies z.ZodType<QueuedScore>;

const schema = new Schema<GradeSyncDoc>(
  {
    submissionId: { type: Schema.Types.ObjectId, required: true },
    ...queuedScoreFields,
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed', 'superseded'], default: 'pending' },
    tries: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseOwner: String,
    leaseUntil: Date,
    claimToken: String,
    lastError: String,
    lastStatus: Number,
    sentAt: Date,
  },
  { strict: 'throw' },
);
// One outbox record per submission: queueing (and re-queueing after a crash) is an idempotent upsert.
schema.index({ submissionId: 1 }, { unique: true });
// claimGradeSyncBatch: equality on status, range + sort on nextAttemptAt.
schema.index({ status: 1, nextAttemptAt: 1 });
// selectGradeSyncOfActivity / selectLatestScores (instructor pages), ordered by timestamp.
schema.index({ resourceLinkId: 1, timestamp: 1 });
// Kept: existing deployments have it; listing by learner within a link.
schema.index({ resourceLinkId: 1, userId: 1 });

export function gradeSyncModel(conn: Connection): Model<GradeSyncDoc> {
  return conn.model<GradeSyncDoc>('GradeSync', schema, 'grade_sync');
}
