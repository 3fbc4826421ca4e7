import type { GradeSyncJob, SendScore } from './grade-sync-worker.ts';
import type { LtiProvider } from './ltijs.ts';

/** Sends one queued score through ltijs' grade service (it gets and caches the access token). */
export function ltiScoreSender(lti: LtiProvider): SendScore {
  return async (job: GradeSyncJob) => {
    await lti.Grade.submitScore({ iss: job.platformIssuer, clientId: job.clientId, user: job.userId }, job.lineItemUrl, {
      userId: job.userId,
      scoreGiven: job.scoreGiven,
      scoreMaximum: job.scoreMaximum,
      activityProgress: job.activityProgress,
      gradingProgress: job.gradingProgress,
      timestamp: job.timestamp.toISOString(),
    });
  };
}
