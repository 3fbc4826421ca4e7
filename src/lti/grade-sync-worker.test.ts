import { describe, expect, it } from 'vitest';
import { CLAIM_BATCH, createGradeSyncWorker, type GradeSyncJob, type GradeSyncQueue } from './grade-sync-worker.ts';

/** An in-memory queue with the same lease semantics as the outbox collection. */
function memoryQueue(jobs: GradeSyncJob[]) {
  const state = new Map(
    jobs.map((j) => [j.id, { job: j, status: 'pending', nextAt: 0, owner: '', leaseUntil: 0, reason: '' }]),
  );
  const claims: number[] = [];
  const leased = (id: string, owner: string) => {
    const s = state.get(id);
    return s && s.status === 'sending' && s.owner === owner ? s : undefined;
  };
  const queue: GradeSyncQueue = {
    async claimBatch(owner, leaseMs, now, limit) {
      const won: GradeSyncJob[] = [];
      for (const s of state.values()) {
        const free = s.status === 'pending' || (s.status === 'sending' && s.leaseUntil <= now.getTime());
        if (won.length < limit && free && s.nextAt <= now.getTime()) {
          Object.assign(s, { status: 'sending', owner, leaseUntil: now.getTime() + leaseMs });
          won.push({ ...s.job });
        }
      }
      claims.push(won.length);
      return won;
    },
    async release(ids, owner) {
      for (const id of ids) Object.assign(leased(id, owner) ?? {}, { status: 'pending' });
    },
    async markSent(id, owner) {
      Object.assign(leased(id, owner) ?? {}, { status: 'sent' });
    },
    async markRetry(id, owner, r) {
      const s = leased(id, owner);
      if (s)
        Object.assign(s, {
          status: 'pending',
          nextAt: r.nextAttemptAt.getTime(),
          reason: r.reason,
          job: { ...s.job, tries: s.job.tries + 1 },
        });
    },
    async markFailed(id, owner, f) {
      Object.assign(leased(id, owner) ?? {}, { status: 'failed', reason: f.reason });
    },
  };
  return { queue, state, claims };
}

const job = (id: string): GradeSyncJob => ({
  id,
  platformIssuer: 'https://lms.example',
  clientId: 'c',
  userId: 'u',
  lineItemUrl: 'https://lms.example/lineitem?type_id=1',
  scoreGiven: 4,
  scoreMaximum: 5,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: new Date(0),
  tries: 0,
});

describe('grade sync worker', () => {
  it('retries while the LMS is down and delivers after it recovers', async () => {
    let clock = 1_000_000;
    const { queue, state } = memoryQueue([job('a')]);
    let lmsUp = false;
    const delivered: string[] = [];
    const lines: string[] = [];
    const worker = createGradeSyncWorker({
      queue,
      send: async (j) => {
        if (!lmsUp)
          throw Object.assign(new Error('Response code 503'), { response: { statusCode: 503, body: 'maintenance' } });
        delivered.push(j.id);
      },
      intervalMs: 3_600_000,
      log: (line) => lines.push(line),
      now: () => new Date(clock),
    });
    expect(await worker.drain()).toBe(1);
    expect(state.get('a')?.status).toBe('pending');
    expect(state.get('a')?.reason).toMatch(/503/);
    expect(await worker.drain()).toBe(0); // not due yet: backoff
    clock += 3_600_000;
    lmsUp = true;
    await worker.drain();
    expect(delivered).toEqual(['a']);
    expect(state.get('a')?.status).toBe('sent');
    // One structured line for the retry, one for the recovery: the outage is in the log.
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        event: 'grade_sync_retry',
        id: 'a',
        userId: 'u',
        try: 1,
        status: 503,
        reason: expect.stringMatching(/503/),
        nextAttemptAt: expect.any(String),
      }),
      expect.objectContaining({ event: 'grade_sync_recovered', id: 'a', userId: 'u', tries: 2, waitedMs: clock }),
    ]);
    await worker.stop();
  });

  it('records a refusal that cannot succeed with its reason and does not retry it', async () => {
    const { queue, state } = memoryQueue([job('b')]);
    const worker = createGradeSyncWorker({
      queue,
      send: async () => {
        throw Object.assign(new Error('Response code 400'), {
          response: { statusCode: 400, body: 'User cannot be graded' },
        });
      },
      intervalMs: 3_600_000,
      log: () => undefined,
    });
    await worker.drain();
    expect(state.get('b')).toMatchObject({ status: 'failed' });
    expect(state.get('b')?.reason).toMatch(/cannot be graded/);
    await worker.stop();
  });
});

describe('grade sync worker, many queued scores', () => {
  it('sends several at once, each exactly once, never more than its parallelism', async () => {
    const { queue, state, claims } = memoryQueue(Array.from({ length: 40 }, (_, i) => job(`j${i}`)));
    const sent: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const worker = createGradeSyncWorker({
      queue,
      parallelism: 4,
      send: async (j) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        sent.push(j.id);
      },
      intervalMs: 3_600_000,
      log: () => undefined,
    });
    expect(await worker.drain()).toBe(40);
    await worker.stop();
    expect(maxInFlight).toBe(4);
    expect(new Set(sent).size).toBe(40);
    expect(sent).toHaveLength(40);
    expect([...state.values()].every((s) => s.status === 'sent')).toBe(true);
    // Claimed in batches, the last (empty) claim saying nothing more is due.
    expect(claims).toEqual([CLAIM_BATCH, CLAIM_BATCH, 40 - 2 * CLAIM_BATCH, 0]);
  });

  it('never starts a job late in its lease: gives the rest of the batch back and claims it again', async () => {
    let clock = 1_000_000;
    const { queue, state, claims } = memoryQueue(Array.from({ length: 10 }, (_, i) => job(`slow${i}`)));
    const leaseLeftAtStart: number[] = [];
    const worker = createGradeSyncWorker({
      queue,
      parallelism: 1,
      // An LMS taking 6 s a score: a batch of 16 would take 96 s, longer than its lease.
      send: async (j) => {
        leaseLeftAtStart.push((state.get(j.id)?.leaseUntil ?? 0) - clock);
        clock += 6_000;
      },
      intervalMs: 3_600_000,
      log: () => undefined,
      now: () => new Date(clock),
    });
    expect(await worker.drain()).toBe(10);
    await worker.stop();
    expect([...state.values()].every((s) => s.status === 'sent')).toBe(true);
    // Each started with at least its send's deadline (30 s) and some margin left on its lease.
    expect(Math.min(...leaseLeftAtStart)).toBeGreaterThanOrEqual(45_000);
    // Three started within each lease (at 0, 6 and 12 s), the rest given back and claimed again.
    expect(claims).toEqual([10, 7, 4, 1, 0]);
  });

  it('gives back the jobs it has not started when stopped, and lets the ones in flight finish', async () => {
    const { queue, state } = memoryQueue(Array.from({ length: 10 }, (_, i) => job(`stop${i}`)));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const worker = createGradeSyncWorker({
      queue,
      parallelism: 2,
      send: async () => {
        started++;
        await gate;
      },
      intervalMs: 3_600_000,
      log: () => undefined,
    });
    const drained = worker.drain();
    while (started < 2) await new Promise((r) => setImmediate(r));
    const stopped = worker.stop();
    release();
    await stopped;
    expect(await drained).toBe(2);
    const statuses = [...state.values()].map((s) => s.status);
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'pending')).toHaveLength(8);
    expect([...state.values()].filter((s) => s.status === 'pending').every((s) => s.job.tries === 0)).toBe(true);
  });

  it('frees a send slot when the LMS has answered: the outcomes are written together, and the drain waits for them', async () => {
    const { queue, state } = memoryQueue(Array.from({ length: 6 }, (_, i) => job(`w${i}`)));
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((r) => (openGate = r));
    const sent: string[] = [];
    const worker = createGradeSyncWorker({
      // The store slow to record deliveries: each write waits until every score has been sent.
      queue: { ...queue, markSent: (id, owner, now) => gate.then(() => queue.markSent(id, owner, now)) },
      parallelism: 2,
      send: async (j) => {
        sent.push(j.id);
      },
      intervalMs: 3_600_000,
      log: () => undefined,
    });
    let drained = false;
    const drain = worker.drain().then((n) => {
      drained = true;
      return n;
    });
    while (sent.length < 6) await new Promise((r) => setImmediate(r));
    // Every score went out while the first outcomes were still being written, two at a time.
    expect(drained).toBe(false);
    expect([...state.values()].every((s) => s.status === 'sending')).toBe(true);
    openGate();
    expect(await drain).toBe(6);
    expect([...state.values()].every((s) => s.status === 'sent')).toBe(true);
    await worker.stop();
  });

  it('ends the drain with a store error once the scores in flight have settled', async () => {
    const { queue } = memoryQueue(Array.from({ length: 6 }, (_, i) => job(`db${i}`)));
    let settled = 0;
    const worker = createGradeSyncWorker({
      queue: {
        ...queue,
        markSent: async (id) => {
          settled++;
          if (id === 'db0') throw new Error('store unavailable');
        },
      },
      parallelism: 3,
      send: async () => new Promise((r) => setTimeout(r, 2)),
      intervalMs: 3_600_000,
      log: () => undefined,
    });
    await expect(worker.drain()).rejects.toThrow('store unavailable');
    // Nothing of this drain is still running when it reports the error.
    const settledAtRejection = settled;
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(settledAtRejection);
    expect(settled).toBe(3);
    await worker.stop();
  });
});
