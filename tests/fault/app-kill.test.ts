import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/start-test-server.ts';
import {
  expireLeasesOfStoppedApp,
  killRemainingApps,
  savedColumn,
  spawnApp,
  storeModels,
  type AppProcess,
} from './support/app-process.ts';
import { ackedIds, launchStudents, retryRefused, submitBurst } from './support/burst.ts';
import { expectPromisesKept, printFigures, type FaultFigures } from './support/invariants.ts';

const RUNS = 2;
const STUDENTS = 16;
const dirs: string[] = [];
afterAll(async () => {
  await killRemainingApps();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function stop(app: AppProcess): Promise<void> {
  app.child.kill('SIGTERM');
  await app.exited;
}

/** Waits until every outbox record of these students is sent (the worker polls every 100 ms). */
async function allSent(uri: string, userIds: string[]): Promise<void> {
  const { models, conn } = await storeModels(uri);
  try {
    for (let i = 0; i < 400; i++) {
      if (
        (await models.GradeSync.countDocuments({
          userId: mongoose.trusted({ $in: userIds }),
          status: mongoose.trusted({ $ne: 'sent' }),
        })) === 0
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await conn.close();
  }
}

describe('kill -9 of the app (tool, embedded store thread and sandbox LMS in one process) during a burst of submissions', () => {
  it(`keeps every acknowledged submission exactly once, closes every submitted attempt and delivers every stored score (${RUNS} runs of ${STUDENTS} students)`, async () => {
    const figures: FaultFigures[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'ev-app-kill-'));
      dirs.push(dataDir);
      const port = await freePort();
      // The grade-sync worker runs during the burst, so scores are in flight when the kill lands.
      const app = await spawnApp(dataDir, port, 100);
      const store = await storeModels(app.storeUri);
      const students = await launchStudents(app.baseUrl, store.models, 1000 * (run + 1), STUDENTS);
      const killAfter = Math.floor(STUDENTS / 3) + run * 5;
      await submitBurst(app.baseUrl, students, (acked) => {
        if (acked === killAfter) app.child.kill('SIGKILL');
      });
      // Never reached (too few acknowledgements): killed anyway, and the count below fails.
      app.child.kill('SIGKILL');
      const exit = await app.exited;
      expect(exit.signal).toBe('SIGKILL');
      await store.conn.close().catch(() => undefined);
      const acked = ackedIds(students);
      expect(acked.size).toBeGreaterThanOrEqual(killAfter);

      // The killed worker's leases would expire after a minute: expired now instead of waiting,
      // in the data directory itself while nothing runs on it.
      await expireLeasesOfStoppedApp(dataDir);

      // Restart: what the page's script does for every submit not answered "stored" is to send it
      // again with the same key; the worker delivers meanwhile.
      const delivering = await spawnApp(dataDir, port, 100);
      await retryRefused(delivering.baseUrl, students);
      await allSent(
        delivering.storeUri,
        students.map((s) => s.userId),
      );
      const check = await storeModels(delivering.storeUri);
      try {
        figures.push(await expectPromisesKept(check.models, students, savedColumn(dataDir), acked));
      } finally {
        await check.conn.close();
        await stop(delivering);
      }
    }
    printFigures('kill -9 of the app', RUNS, figures);
  }, 150_000);
});
