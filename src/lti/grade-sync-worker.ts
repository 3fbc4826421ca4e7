import { randomInt, randomUUID } from 'node:crypto';
import { classifyAgsError, retryDelayMs } from './classify-ags-error.ts';
import { startPeriodicTask } from '../lib/periodic-task.ts';
import type { GradeSyncJob, GradeSyncQueue } from '../store/repositories/grade-sync.ts';

/** The outbox's side (a job, the queue) is defined with the outbox, which the store layer holds. */
export type { GradeSyncJob, GradeSyncQueue };

export type SendScore = (job: GradeSyncJob) => Promise<void>;

export interface GradeSyncWorker {
  /** Sends every job that is due now; returns how many were attempted. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** A send settles within this (the sender, send-score.ts, enforces it): the lease is sized for it. */
export const SEND_DEADLINE_MS = 30_000;
const LEASE_MS = 60_000;
/**
 * A claimed job is started only while this much of its lease is left: its send's deadline plus
 * time to record the outcome (and for clocks of instances that differ a little). Started later,
 * it could still be in flight when another instance takes the expired lease and sends it again.
 */
const LEASE_LEFT_TO_START_MS = SEND_DEADLINE_MS + 15_000;
/** Jobs claimed in one go: a claim costs three commands whatever its size. */
export const CLAIM_BATCH = 16;

/**
 * Scores in flight at once per instance. At the end of an exam hundreds are queued within a
 * minute; one at a time, an LMS answering in 100 ms would take minutes to show them. A few at
 * once is still polite to the LMS (Canvas answers its rate limit with 403, which is retried).
 */
export const DEFAULT_SEND_PARALLELISM = 4;

/**
 * One structured (JSON) log line about a score: what happened, which score, where it goes, and
 * how long it has waited since it was queued, so an outage can be read from the log afterwards.
 */
export function gradeSyncLogLine(
  event: 'grade_sync_retry' | 'grade_sync_recovered' | 'grade_sync_failed',
  job: GradeSyncJob,
  now: Date,
  details: Record<string, unknown>,
): string {
  return JSON.stringify({
    event,
    id: job.id,
    issuer: job.platformIssuer,
    userId: job.userId,
    lineItem: job.lineItemUrl,
    ...details,
    waitedMs: Math.max(0, now.getTime() - new Date(job.timestamp).getTime()),
    at: now.toISOString(),
  });
}

/**
 * Delivers queued scores. Several app instances may run this at once: jobs are leased atomically,
 * so each score is sent by one worker; a crashed worker's lease expires and another picks it up.
 */
export function createGradeSyncWorker({
  queue,
  send,
  intervalMs,
  log,
  now = () => new Date(),
  parallelism = DEFAULT_SEND_PARALLELISM,
}: {
  queue: GradeSyncQueue;
  send: SendScore;
  intervalMs: number;
  log: (line: string) => void;
  now?: () => Date;
  parallelism?: number;
}): GradeSyncWorker {
  const owner = `worker-${randomUUID()}`;
  const slots = Math.max(1, parallelism);
  let stopped = false;

  const recordFailure = async (job: GradeSyncJob, error: unknown): Promise<void> => {
    const failure = classifyAgsError(error, { attempt: job.tries + 1 });
    const status = failure.status ? { status: failure.status } : {};
    if (failure.retry) {
      // Jitter (not Math.random: nothing a student sees) spreads retries of many instances.
      const delay = retryDelayMs(job.tries, randomInt(0, 1_000_000) / 1_000_000);
      const nextAttemptAt = new Date(now().getTime() + delay);
      log(
        gradeSyncLogLine('grade_sync_retry', job, now(), {
          try: job.tries + 1,
          ...status,
          reason: failure.reason,
          nextAttemptAt: nextAttemptAt.toISOString(),
        }),
      );
      await queue.markRetry(job.id, owner, { reason: failure.reason, ...status, nextAttemptAt });
    } else {
      log(gradeSyncLogLine('grade_sync_failed', job, now(), { try: job.tries + 1, ...status, reason: failure.reason }));
      await queue.markFailed(job.id, owner, { reason: failure.reason, ...status });
    }
  };

  /**
   * Sends one job; resolves when the LMS has answered, with the write that records the outcome
   * (still under way). The slot is free for the next send meanwhile: the outcomes of the sends
   * answered at about the same time are then written in one command (WriteBatcher), where waiting
   * for each one's write kept a batch to the few sends in flight.
   */
  const deliver = async (job: GradeSyncJob): Promise<{ recorded: Promise<void> }> => {
    try {
      await send(job);
    } catch (error) {
      return { recorded: recordFailure(job, error) };
    }
    // A store that cannot record the delivery is not an LMS failure to retry: its error ends the drain.
    const recorded = queue.markSent(job.id, owner, now()).then(() => {
      // After an outage, one line per score that got through: when it was queued, how many tries it took.
      if (job.tries > 0) log(gradeSyncLogLine('grade_sync_recovered', job, now(), { tries: job.tries + 1 }));
    });
    return { recorded };
  };

  const drainOnce = async (): Promise<number> => {
    const inFlight = new Set<Promise<void>>();
    /** Outcomes being written: the drain ends only once each is written (or its error is kept). */
    const recording = new Set<Promise<void>>();
    let attempted = 0;
    // The first store error: it ends the drain once what is in flight has settled.
    let storeFailure: { error: unknown } | undefined;
    const keepFirstFailure = (error: unknown) => {
      storeFailure ??= { error };
    };

    const start = (job: GradeSyncJob): void => {
      const delivery: Promise<void> = deliver(job)
        .then(({ recorded }) => {
          const written: Promise<void> = recorded.catch(keepFirstFailure).finally(() => recording.delete(written));
          recording.add(written);
        }, keepFirstFailure)
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
      attempted++;
    };

    /** Starts the jobs as slots free up, while their lease allows it; returns those not started. */
    const startWhileLeased = async (batch: GradeSyncJob[], startBy: number): Promise<GradeSyncJob[]> => {
      for (const [i, job] of batch.entries()) {
        while (inFlight.size >= slots) await Promise.race(inFlight);
        if (stopped || storeFailure || now().getTime() > startBy) return batch.slice(i);
        start(job);
      }
      return [];
    };

    try {
      while (!stopped && !storeFailure) {
        const claimedAt = now().getTime();
        const batch = await queue.claimBatch(owner, LEASE_MS, new Date(claimedAt), CLAIM_BATCH);
        if (batch.length === 0) break;
        const notStarted = await startWhileLeased(batch, claimedAt + LEASE_MS - LEASE_LEFT_TO_START_MS);
        // Given back rather than left to their lease: the next claim (ours or another instance's) takes them at once.
        if (notStarted.length > 0)
          await queue.release(
            notStarted.map((j) => j.id),
            owner,
          );
      }
    } finally {
      await Promise.all(inFlight);
      await Promise.all(recording);
    }
    if (storeFailure) throw storeFailure.error;
    return attempted;
  };

  // One drain at a time per instance; callers share the one in progress.
  const task = startPeriodicTask('grade sync worker', drainOnce, intervalMs, log);
  return {
    drain: () => task.runNow(),
    async stop() {
      // Also ends the drain in progress early: it starts no more sends.
      stopped = true;
      await task.stop();
    },
  };
}
