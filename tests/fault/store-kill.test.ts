import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ackedIds, launchStudents, retryRefused, submitBurst } from './support/burst.ts';
import { expectPromisesKept, printFigures, type FaultFigures } from './support/invariants.ts';
import { appOnStoreProcess, storeProcess } from './support/store-process.ts';
import { untilTheStoreAnswers } from './support/store-retry.ts';

const RUNS = 2;
const STUDENTS = 16;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kill -9 of a separate store process (exam-variants store) during a burst of submissions', () => {
  it(`keeps every acknowledged submission exactly once, closes every submitted attempt and delivers every stored score (${RUNS} runs of ${STUDENTS} students)`, async () => {
    const started = await appOnStoreProcess('store-kill', dirs);
    const { app, baseUrl, storePort, dbPath } = started;
    let store = started.store;
    const figures: FaultFigures[] = [];
    try {
      const sandbox = app.sandbox;
      if (!sandbox) throw new Error('the app runs the sandbox LMS');
      const column = () =>
        sandbox.state.scores.get(sandbox.state.links.get('demo-exam')?.lineItemId ?? '') ?? new Map();
      for (let run = 0; run < RUNS; run++) {
        const students = await launchStudents(baseUrl, app.store.models, 1000 * (run + 1), STUDENTS);
        const killAfter = 4 + run * 6;
        // Scores are sent while students submit, so the kill also lands on grade-sync writes.
        let bursting = true;
        const draining = (async () => {
          while (bursting) await app.drainGradeSync().catch(() => undefined);
        })();
        let restarted: Promise<void> | undefined;
        const restart = () =>
          storeProcess(storePort, dbPath).then((s) => {
            store = s;
          });
        // Run 0: the store stays down until every submit of the burst has its answer (a long
        // outage; ltijs' own connection gives up on those). Later runs: restarted at once on the
        // same directory and port, as a supervisor would.
        const outageUntilBurstEnds = run === 0;
        await submitBurst(baseUrl, students, (acked) => {
          if (acked !== killAfter) return;
          store.child.kill('SIGKILL');
          if (!outageUntilBurstEnds) restarted = restart();
        });
        if (outageUntilBurstEnds) restarted = restart();
        bursting = false;
        await draining;
        await restarted;
        const acked = ackedIds(students);
        expect(acked.size).toBeGreaterThanOrEqual(killAfter);
        // The driver sees the restarted store within a second, or when its monitoring hung at the
        // kill (store/monitor-watchdog.ts) within 25 s: the retries keep going for a minute, as a
        // student retrying would.
        await retryRefused(baseUrl, students, 120);
        // A drain cut by the kill left leases that would expire after a minute, and sends that failed
        // while the store was down wait out their backoff (5 s and more): both are due now.
        const { GradeSync } = app.store.models;
        await untilTheStoreAnswers(() =>
          GradeSync.updateMany({ status: 'sending' }, { $set: { leaseUntil: new Date(0) } }),
        );
        await untilTheStoreAnswers(() =>
          GradeSync.updateMany({ status: 'pending' }, { $set: { nextAttemptAt: new Date(0) } }),
        );
        await app.drainGradeSync();
        figures.push(await expectPromisesKept(app.store.models, students, column(), acked));
      }
    } finally {
      await app.close();
      store.child.kill('SIGTERM');
      await store.exited;
    }
    printFigures('kill -9 of the store process', RUNS, figures);
  }, 240_000);
});
