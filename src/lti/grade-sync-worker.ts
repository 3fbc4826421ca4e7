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
 * Delivers queued scores. Several app instances may run this at once: a job is leased atomically,
 * so each score is sent by one worker; a crashed worker's lease expires and another picks it up.
 */
export function createGradeSyncWorker({
  queue,
  send,
  intervalMs,
  log,
  now = () => new Date(),
}: {
  queue: GradeSyncQueue;
  send: SendScore;
  intervalMs: number;
  log: (line: string) => void;
  now?: () => Date;
}): GradeSyncWorker {
  const owner = `worker-${randomUUID()}`;
  let stopped = false;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const drainOnce = async (): Promise<number> => {
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
