import { startPeriodicTask } from '../lib/periodic-task.ts';
import type { Models } from '../store/models/index.ts';
import { repairRecentSubmissions } from '../store/repositories/outbox-repair.ts';
import { reapplyRecentRegrades } from './regrade.ts';

/** Often enough that a score lost by a crash reaches the gradebook within minutes, rarely enough to cost nothing. */
export const SUBMISSION_REPAIR_INTERVAL_MS = 5 * 60_000;

/**
 * How far before the last completed run a periodic run looks back. A record is stored after the
 * time it carries: a submit's arrival (seconds), a deadline sweep's start, a regrade's start (a
 * large class is graded for minutes under one time). Whatever the last run could not see yet
 * carries a time within this margin, with room to spare.
 */
export const REPAIR_OVERLAP_MS = 60 * 60_000;

/**
 * Finishes submits a crash interrupted after their submission was stored: the outbox record that
 * was not written is queued, and the attempt that was not closed is closed. Then grades again the
 * submits stored while a regrade rule was being applied (reapplyRecentRegrades). Every step is
 * idempotent, so it may run while submits are in flight and on several instances at once.
 */
export async function repairInterruptedSubmits(
  models: Models,
  now = new Date(),
  log: (line: string) => void = () => undefined,
  /** The earliest submission time looked at (default: a week before `now`). */
  since?: Date,
): Promise<{ queued: number; closed: number; regraded: number }> {
  const { queued, closed } = await repairRecentSubmissions(models, { now, ...(since ? { since } : {}) });
  // Submits graded with the rules of just before a regrade (reapplyRecentRegrades says how).
  const regraded = await reapplyRecentRegrades(models, { now, log });
  return { queued, closed, regraded };
}

/**
 * Runs the repair now (the caller awaits it before the grade-sync worker starts, so a restart after
 * a crash sends every stored score) and then every `intervalMs` (a crash of another instance). A
 * failed run is logged and retried at the next one. The first run looks back a week (this instance
 * may have been down); a later one from REPAIR_OVERLAP_MS before the last run that completed, as
 * that run repaired what was stored before it: a week of a large course's submissions read every
 * few minutes would cost the store for nothing.
 */
export async function startSubmissionRepair({
  models,
  log,
  intervalMs = SUBMISSION_REPAIR_INTERVAL_MS,
}: {
  models: Models;
  log: (line: string) => void;
  intervalMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const report = ({ queued, closed, regraded }: { queued: number; closed: number; regraded: number }): void => {
    if (queued + closed > 0)
      log(
        `finished submits a crash had interrupted: ${queued} scores queued for the gradebook, ${closed} attempts closed`,
      );
    if (regraded > 0)
      log(`graded again with the regrade rules applied while they were submitted: ${regraded} students' scores`);
  };
  let repairedBefore: Date | undefined;
  const run = async () => {
    const started = new Date();
    const since = repairedBefore && new Date(repairedBefore.getTime() - REPAIR_OVERLAP_MS);
    report(await repairInterruptedSubmits(models, started, log, since));
    repairedBefore = started;
  };
  const task = startPeriodicTask('submission repair failed (retried at the next run)', run, intervalMs, log);
  // A first run that fails (the store busy or away) is retried at the next run, as a later one
  // is: the server starts and serves rather than exiting, which would retry nothing.
  await task.runNowLogged();
  return task;
}
