import type { ActivityKey } from '../store/models/activity-key.ts';
import type { Models } from '../store/models/index.ts';
import { selectAttemptsForUser, setOpenAttemptDeadline } from '../store/repositories/attempts.ts';
import { setExtraTimeMinutes } from '../store/repositories/activity-settings.ts';

/** When a timed attempt ends: its start, the activity's limit, and the learner's extra minutes. */
export function attemptDeadline(startedAt: Date, timeLimitMinutes: number, extraMinutes: number): Date {
  return new Date(startedAt.getTime() + (timeLimitMinutes + extraMinutes) * 60_000);
}

export interface ExtraTimeResult {
  /** False when the activity has never been launched, so there is no record to hold the minutes. */
  recorded: boolean;
  /** Open attempts whose deadline moved (a learner already writing gets the time at once). */
  extendedAttempts: number;
}

/**
 * An accommodation: the learner's future attempts start with the extra minutes, and an attempt
 * already running has its deadline moved. An attempt already closed by the clock stays closed,
 * because what was saved has been graded and sent.
 */
export async function grantExtraTime(
  models: Models,
  key: ActivityKey,
  userId: string,
  minutes: number,
  timeLimitMinutes: number | null,
): Promise<ExtraTimeResult> {
  const recorded = await setExtraTimeMinutes(models, key, userId, minutes);
  let extendedAttempts = 0;
  if (recorded && timeLimitMinutes) {
    for (const attempt of await selectAttemptsForUser(models, key, userId)) {
      if (attempt.status !== 'open' || !attempt.deadlineAt) continue;
      if (
        await setOpenAttemptDeadline(
          models,
          attempt._id,
          attemptDeadline(new Date(attempt.startedAt), timeLimitMinutes, minutes),
        )
      )
        extendedAttempts++;
    }
  }
  return { recorded, extendedAttempts };
}
