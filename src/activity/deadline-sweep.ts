import type { Lang } from '../engine/template.ts';
import { startPeriodicTask, type PeriodicTask } from '../lib/periodic-task.ts';
import type { AttemptDoc } from '../store/models/attempt.ts';
import type { Models } from '../store/models/index.ts';
import { selectActivitySettings } from '../store/repositories/activity-settings.ts';
import { selectExpiredOpenAttempts } from '../store/repositories/attempts.ts';
import { DEFAULT_SETTINGS } from './activity-settings.ts';
import { deadlineIdempotencyKey, openCurrentAttempt, submitAttempt } from './attempt-service.ts';
import { isStaffRole, type LaunchIdentity } from './launch-identity.ts';

/**
 * Past its deadline an attempt is closed and its saved draft graded; this much later the sweeper
 * does it for attempts nobody came back to (a closed tab). The grace lets the page's last
 * autosave, sent at the deadline, land first.
 */
export const DEADLINE_GRACE_MS = 15_000;
/** Attempts closed per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

export interface SweepResult {
  closed: number;
  failed: number;
}

/**
 * Closes open attempts past their deadline and grace, grading each one's saved draft through the
 * same submitAttempt a submit uses (auto) and queueing its score. The key is the one a request
 * arriving at the same moment would use (closeIfExpired), so the attempt is graded once whoever
 * comes first, on any instance.
 */
export async function closeExpiredAttempts(
  models: Models,
  seedSecret: string,
  now: Date,
  log: (line: string) => void,
  graceMs = DEADLINE_GRACE_MS,
): Promise<SweepResult> {
  const expired = await selectExpiredOpenAttempts(models, new Date(now.getTime() - graceMs), SWEEP_BATCH);
  let closed = 0;
  let failed = 0;
  for (const attempt of expired) {
    try {
      if (await closeOne(models, seedSecret, attempt, now)) closed++;
    } catch (error) {
      // One attempt that cannot be graded (a template since removed) must not hold up the others.
      failed++;
      log(
        JSON.stringify({
          event: 'deadline_close_failed',
          attemptId: attempt._id.toHexString(),
          userId: attempt.userId,
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }
  if (closed > 0) log(JSON.stringify({ event: 'deadline_sweep', closed, at: now.toISOString() }));
  return { closed, failed };
}

async function closeOne(models: Models, seedSecret: string, attempt: AttemptDoc, now: Date): Promise<boolean> {
  const settingsDoc = await selectActivitySettings(models, attempt);
  const settings = settingsDoc?.settings ?? DEFAULT_SETTINGS;
  const identity = identityOfAttempt(attempt, settingsDoc?.lineItemUrl, settingsDoc?.title ?? '');
  const state = await openCurrentAttempt(models, seedSecret, identity, settings, now);
  // Submitted or closed meanwhile (the student came back, or another instance's sweep).
  if (!state.attempt._id.equals(attempt._id) || state.attempt.status !== 'open') return false;
  // The draft is read in the notation of the page it was typed on ("1,75" in Czech).
  const lang: Lang = state.attempt.draftLang ?? (settings.language === 'cs' ? 'cs' : 'en');
  await submitAttempt(
    models,
    state,
    identity,
    settings,
    state.attempt.draft ?? {},
    deadlineIdempotencyKey(attempt._id),
    lang,
    { now, auto: true },
  );
  return true;
}

/** Who the attempt belongs to, as its launch said (stored with the attempt and the activity's record). */
function identityOfAttempt(attempt: AttemptDoc, lineItemUrl: string | undefined, title: string): LaunchIdentity {
  return {
    issuer: attempt.platformIssuer,
    clientId: attempt.clientId,
    deploymentId: attempt.deploymentId,
    contextId: attempt.contextId,
    contextTitle: '',
    resourceLinkId: attempt.resourceLinkId,
    resourceTitle: title,
    userId: attempt.userId,
    userName: attempt.userName,
    roles: attempt.roles,
    isStaff: attempt.isStaff || isStaffRole(attempt.roles),
    locale: undefined,
    lineItemUrl,
    custom: {},
  };
}

/** Sweeps every `intervalMs` (one sweep at a time per instance; several instances are safe, see closeExpiredAttempts). */
export function startDeadlineSweeper({
  models,
  seedSecret,
  intervalMs,
  log,
  now = () => new Date(),
}: {
  models: Models;
  seedSecret: string;
  intervalMs: number;
  log: (line: string) => void;
  now?: () => Date;
}): PeriodicTask<SweepResult> {
  return startPeriodicTask(
    'deadline sweeper',
    () => closeExpiredAttempts(models, seedSecret, now(), log),
    intervalMs,
    log,
  );
}
