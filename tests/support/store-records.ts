import { Types } from 'mongoose';
import type { QueuedScore } from '../../src/store/models/grade-sync.ts';
import type { NewSubmission } from '../../src/store/repositories/submissions.ts';

// Store records as the repositories take them, for the storage contract tests.

/** A student's submission of one graded part to `attemptId` under `key`. */
export const newSubmission = (attemptId: Types.ObjectId, key: string, resourceLinkId = 'r1'): NewSubmission => ({
  attemptId,
  userId: 'u',
  resourceLinkId,
  idempotencyKey: key,
  parts: [
    {
      problemIndex: 0,
      templateId: 'gd',
      partKey: 'alphaStar',
      raw: '1/6',
      parsed: { ok: true, echo: '1/6' },
      score: 1,
      points: 1,
      maxPoints: 1,
      feedback: 'Correct.',
      pendingManual: false,
    },
  ],
  rawScore: 1,
  scoreFraction: 1,
  points: 5,
  maxPoints: 5,
  pendingManual: false,
  graderVersion: 1,
  templateVersions: [1],
  auto: false,
  submittedAt: new Date(),
});
/** A score queued for the gradebook of `resourceLinkId`. */
export const queuedScore = (
  userId: string,
  resourceLinkId = 'r1',
  scoreGiven = 5,
  attemptId = new Types.ObjectId(),
): QueuedScore => ({
  attemptId,
  platformIssuer: 'https://lms.example',
  deploymentId: 'd1',
  clientId: 'client',
  contextId: 'c1',
  resourceLinkId,
  userId,
  lineItemUrl: 'https://lms.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1',
  scoreGiven,
  scoreMaximum: 5,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: new Date(),
});
