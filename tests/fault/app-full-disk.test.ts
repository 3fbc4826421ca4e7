import { statfsSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/start-test-server.ts';
import { TestBrowser } from '../support/lti-browser.ts';
import {
  expireLeasesOfStoppedApp,
  killRemainingApps,
  savedColumn,
  spawnApp,
  storeModels,
  type AppProcess,
} from './support/app-process.ts';
import { ackedIds, launchStudents, retryRefused, submitBurst } from './support/burst.ts';
import { expectPromisesKept, printFigures } from './support/invariants.ts';
import { mountSmallDisk, smallDiskUnavailable } from './support/tmpfs.ts';

const STUDENTS = 24;
const unavailable = smallDiskUnavailable();
if (unavailable) console.warn(`app-full-disk: skipped, ${unavailable}`);

async function stop(app: AppProcess): Promise<void> {
  app.child.kill('SIGTERM');
  await app.exited;
}

/**
 * Another program fills the disk, leaving about `leave` bytes. The app goes on writing meanwhile
 * (the grade-sync worker's marks, the sandbox's score log) and may take those bytes first: the
 * filler then stops at ENOSPC, and the disk is full all the same.
 */
function fillLeaving(file: string, dir: string, leave: number): void {
  const { bavail, bsize } = statfsSync(dir);
  try {
    writeFileSync(file, Buffer.alloc(Math.max(0, bavail * bsize - leave)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

describe.skipIf(unavailable !== undefined)(
  "the data folder's disk fills up during a burst of submissions (tmpfs)",
  () => {
    it('tells every student the truth ("Not saved" or stored), /health says the store cannot write, a student opening the activity then is told at once to come back in a moment, and after space is freed and a restart every acknowledged submission is there once, every score delivered, and that student gets in', async () => {
      const disk = mountSmallDisk(16 * 1024);
      if ('notPermitted' in disk) throw new Error(disk.notPermitted);
      const dataDir = join(disk.dir, 'data');
      const filler = join(disk.dir, 'filler');
      try {
        const port = await freePort();
        const app = await spawnApp(dataDir, port, 100);
        const store = await storeModels(app.storeUri);
        const students = await launchStudents(app.baseUrl, store.models, 1, STUDENTS);
        await store.conn.close();
        // Half the class submits while there is room; then the disk fills up (another program, logs)
        // leaving a few KiB, and the other half submits.
        await submitBurst(app.baseUrl, students.slice(0, STUDENTS / 2));
        fillLeaving(filler, disk.dir, 16 * 1024);
        await submitBurst(app.baseUrl, students.slice(STUDENTS / 2));
        const acked = ackedIds(students);
        const refused = students.filter((s) => !s.ackedSubmissionId);
        expect(refused.length, 'the disk never filled').toBeGreaterThan(0);
        for (const s of refused) expect(s.refused, s.userId).toMatch(/^503 Not saved/);
        const health = await fetch(`${app.baseUrl}/health`);
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ ok: false, store: 'cannot write' });
        expect((await fetch(`${app.baseUrl}/ready`)).status).toBe(503);
        // A student who opens the activity now (a login and launch need writes) is told to come
        // back in a moment, promptly: not an error trace, not a page that never comes.
        const latecomer = `student-${STUDENTS + 1}`;
        const launchStarted = performance.now();
        const refusedLaunch = await new TestBrowser().navigate(
          `${app.baseUrl}/sandbox/launch?user=${latecomer}&link=demo-exam`,
        );
        expect(refusedLaunch.status, refusedLaunch.body.slice(0, 300)).toBe(503);
        // The login is the first step that writes (its state and nonce): it says so.
        expect(refusedLaunch.body).toContain('Open the activity again in a moment.');
        expect(refusedLaunch.body).not.toMatch(/ENOSPC|at .*\.ts:\d+|MongoServerError/);
        expect(performance.now() - launchStarted).toBeLessThan(10_000);

        // The operator frees space and restarts the tool (a failed journal refuses writes until then).
        rmSync(filler);
        await stop(app);
        // Scores in flight when the disk filled keep their lease a minute: expired now.
        await expireLeasesOfStoppedApp(dataDir);

        const restarted = await spawnApp(dataDir, port, 100);
        try {
          expect((await fetch(`${restarted.baseUrl}/health`)).status).toBe(200);
          // The same student's launch goes through once the store can write again.
          const launched = await new TestBrowser().navigate(
            `${restarted.baseUrl}/sandbox/launch?user=${latecomer}&link=demo-exam`,
          );
          expect(launched.status).toBe(200);
          await retryRefused(restarted.baseUrl, students);
          const check = await storeModels(restarted.storeUri);
          try {
            for (
              let i = 0;
              i < 400 && (await check.models.GradeSync.countDocuments({ status: 'sent' })) < STUDENTS;
              i++
            )
              await new Promise((r) => setTimeout(r, 50));
            printFigures('full disk', 1, [
              await expectPromisesKept(check.models, students, savedColumn(dataDir), acked),
            ]);
          } finally {
            await check.conn.close();
          }
        } finally {
          await stop(restarted);
        }
      } finally {
        await killRemainingApps();
        disk.unmount();
      }
    }, 90_000);
  },
);
