import { randomInt, randomUUID } from 'node:crypto';
import { classifyAgsError, retryDelayMs } from './classify-ags-error.ts';

/** One score waiting to reach the LMS gradebook, as the outbox hands it to the worker. */
export interface GradeSyncJob {
  id: string;
  platformIssuer: string;
  clientId: string;
  userId: string;
  lineItemUrl: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: Date;
  tries: number;
}

export interface GradeSyncQueue {
  /** Atomically leases the next due job to `owner`, or returns null. */
  claim(owner: string, leaseMs: number, now: Date): Promise<GradeSyncJob | null>;
  markSent(id: string, owner: string, now: Date): Promise<void>;
  markRetry(id: string, owner: string, retry: { reason: string; status?: number; nextAttemptAt: Date }): Promise<void>;
  markFailed(id: string, owner: string, failure: { reason: string; status?: number }): Promise<void>;
}

export type SendScore = (job: GradeSyncJob) => Promise<void>;

export interface GradeSyncWorker {
  /** Sends every job that is due now; returns how many were attempted. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

const LEASE_MS = 60_000;

/**
 * Scores in flight at once per instance. At the end of an exam hundreds are queued within a
 * minute; one at a time, an LMS answering in 100 ms would take minutes to show them. A few at
 * once is still polite to the LMS (Canvas answers its rate limit with 403, which is retried).
 */
export const DEFAULT_SEND_PARALLELISM = 4;

/**
 * Delivers queued scores. Several app instances may run this at once: a job is leased atomically,
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
  let stopped = false;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  // Each lane claims its own jobs; claims are atomic, so lanes never send the same score.
  const drainLane = async (): Promise<number> => {
    let attempted = 0;
    while (!stopped) {
      const job = await queue.claim(owner, LEASE_MS, now());
      if (!job) break;
      attempted++;
      try {
        await send(job);
        await queue.markSent(job.id, owner, now());
      } catch (error) {
        const failure = classifyAgsError(error);
        if (failure.retry) {
          // Jitter (not Math.random: nothing a student sees) spreads retries of many instances.
          const delay = retryDelayMs(job.tries, randomInt(0, 1_000_000) / 1_000_000);
          await queue.markRetry(job.id, owner, { reason: failure.reason, ...(failure.status ? { status: failure.status } : {}), nextAttemptAt: new Date(now().getTime() + delay) });
        } else {
          log(`grade sync ${job.id} failed: ${failure.reason}`);
          await queue.markFailed(job.id, owner, { reason: failure.reason, ...(failure.status ? { status: failure.status } : {}) });
        }
      }
    }
    return attempted;
  };
  const drainOnce = async (): Promise<number> => {
    const lanes = await Promise.all(Array.from({ length: Math.max(1, parallelism) }, drainLane));
    return lanes.reduce((a, b) => a + b, 0);
  };

  const drain = (): Promise<number> => {
    // One drain at a time per instance; callers share the one in progress.
    running ??= drainOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  const tick = (): void => {
    if (stopped) return;
    drain()
      .catch((error: unknown) => log(`grade sync worker: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);

  return {
    drain,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
