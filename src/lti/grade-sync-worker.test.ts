import { describe, expect, it } from 'vitest';
import { createGradeSyncWorker, type GradeSyncJob, type GradeSyncQueue } from './grade-sync-worker.ts';

/** An in-memory queue with the same lease semantics as the outbox collection. */
function memoryQueue(jobs: GradeSyncJob[]) {
  const state = new Map(jobs.map((j) => [j.id, { job: j, status: 'pending', nextAt: 0, owner: '', leaseUntil: 0, reason: '' }]));
  const queue: GradeSyncQueue = {
    async claim(owner, leaseMs, now) {
      for (const s of state.values()) {
        const free = s.status === 'pending' || (s.status === 'sending' && s.leaseUntil <= now.getTime());
        if (free && s.nextAt <= now.getTime()) {
          Object.assign(s, { status: 'sending', owner, leaseUntil: now.getTime() + leaseMs });
          return { ...s.job };
        }
      }
      return null;
    },
    async markSent(id) {
      Object.assign(state.get(id) ?? {}, { status: 'sent' });
    },
    async markRetry(id, _owner, r) {
      const s = state.get(id);
      if (s) Object.assign(s, { status: 'pending', nextAt: r.nextAttemptAt.getTime(), reason: r.reason, job: { ...s.job, tries: s.job.tries + 1 } });
    },
    async markFailed(id, _owner, f) {
      Object.assign(state.get(id) ?? {}, { status: 'failed', reason: f.reason });
    },
  };
  return { queue, state };
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
    const worker = createGradeSyncWorker({
      queue,
      send: async (j) => {
        if (!lmsUp) throw { response: { statusCode: 503, body: 'maintenance' } };
        delivered.push(j.id);
      },
      intervalMs: 3_600_000,
      log: () => undefined,
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
    await worker.stop();
  });

  it('records a refusal that cannot succeed with its reason and does not retry it', async () => {
    const { queue, state } = memoryQueue([job('b')]);
    const worker = createGradeSyncWorker({
      queue,
      send: async () => {
        throw { response: { statusCode: 400, body: 'User cannot be graded' } };
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
    const { queue, state } = memoryQueue(Array.from({ length: 40 }, (_, i) => job(`j${i}`)));
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
  });
});
