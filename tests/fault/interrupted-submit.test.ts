import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Models } from '../../src/store/models/index.ts';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { freePort, startTestServer } from '../support/start-test-server.ts';
import type { SavedSandbox } from '../../src/lms-sandbox/saved-sandbox.ts';
import { killRemainingApps, savedGradebook, spawnApp, storeModels } from './support/app-process.ts';
import { openQuiz, submitJson } from './support/learner.ts';

const dirs: string[] = [];
afterAll(async () => {
  await killRemainingApps();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * The state a crash leaves between the submit's writes: the submission is stored, its outbox
 * record and the attempt's closing are not (the process died right after the insert).
 */
async function crashAfterInsert(models: Models, userId: string): Promise<void> {
  await models.GradeSync.deleteMany({ userId });
  await models.Attempt.updateMany(
    { userId },
    { $set: { status: 'open' }, $unset: { closedAt: '', lastScore: '', bestScore: '' } },
  );
}

async function answersOf(models: Models, userId: string): Promise<Record<string, string>> {
  const attempt = await models.Attempt.findOne({ userId }).lean();
  if (!attempt) throw new Error(`${userId} has no attempt`);
  return correctAnswerFields(attempt);
}

describe('a submit interrupted between storing the submission and closing the attempt', () => {
  it('the retry with the same key returns the stored result as JSON and finishes the submit; without a retry, the attempt is finished when next opened and a second submission is refused with JSON; a retry after the closing alone got through queues the score', async () => {
    const app = await startTestServer();
    try {
      const models = app.store.models;
      const quiz = await openQuiz(app.baseUrl, 'alice');
      const answers = await answersOf(models, 'alice');
      const first = await submitJson(app.baseUrl, quiz, quiz.key, answers);
      expect(first.json).toMatchObject({ stored: true, duplicate: false });
      await crashAfterInsert(models, 'alice');

      // The page's script retries with the same key (its answer was lost with the process).
      const retry = await submitJson(app.baseUrl, quiz, quiz.key, answers);
      expect(retry.status).toBe(200);
      expect(retry.json).toMatchObject({
        stored: true,
        duplicate: true,
        submissionId: first.json?.submissionId,
        canSubmit: false,
      });
      expect(await models.Attempt.findOne({ userId: 'alice' }).lean()).toMatchObject({
        status: 'submitted',
        lastScore: 1,
      });
      expect(await models.GradeSync.countDocuments({ userId: 'alice' })).toBe(1);

      // Again, and this time the student reloads instead (a new page, a new key).
      await crashAfterInsert(models, 'alice');
      const reopened = await openQuiz(app.baseUrl, 'alice');
      expect(await models.Attempt.findOne({ userId: 'alice' }).lean()).toMatchObject({ status: 'submitted' });
      const second = await submitJson(app.baseUrl, reopened, reopened.key, answers);
      expect(second.status).toBe(409);
      expect(second.contentType).toMatch(/^application\/json/);
      expect(second.json).toMatchObject({ stored: false, canSubmit: false });
      expect(await models.Submission.countDocuments({ userId: 'alice' })).toBe(1);
      expect(await models.Attempt.countDocuments({ userId: 'alice', status: 'open' })).toBe(0);

      // The closing and the outbox record are written together: the store's death may leave the
      // attempt closed without the record. The retry queues the score before it answers "stored".
      const carol = await openQuiz(app.baseUrl, 'student-7');
      const carolAnswers = await answersOf(models, 'student-7');
      const carolFirst = await submitJson(app.baseUrl, carol, carol.key, carolAnswers);
      expect(carolFirst.json).toMatchObject({ stored: true, duplicate: false });
      await models.GradeSync.deleteMany({ userId: 'student-7' });
      const carolRetry = await submitJson(app.baseUrl, carol, carol.key, carolAnswers);
      expect(carolRetry.status).toBe(200);
      expect(carolRetry.json).toMatchObject({
        stored: true,
        duplicate: true,
        submissionId: carolFirst.json?.submissionId,
      });
      expect(await models.GradeSync.findOne({ userId: 'student-7' }).lean()).toMatchObject({ scoreGiven: 20 });
      expect(await models.Submission.countDocuments({ userId: 'student-7' })).toBe(1);
    } finally {
      await app.cleanup();
    }
  });

  it('a restart finishes it with nobody asking: the outbox record is queued, the attempt closed, and the score reaches the gradebook of a sandbox LMS that kept its state', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ev-interrupted-'));
    dirs.push(dataDir);
    const port = await freePort();
    const saved = () => JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8')) as SavedSandbox;

    const first = await spawnApp(dataDir, port, 3_600_000);
    const before = saved();
    const quiz = await openQuiz(first.baseUrl, 'bob');
    let store = await storeModels(first.storeUri);
    expect((await submitJson(first.baseUrl, quiz, quiz.key, await answersOf(store.models, 'bob'))).json).toMatchObject({
      stored: true,
    });
    await crashAfterInsert(store.models, 'bob');
    await store.conn.close();
    first.child.kill('SIGTERM');
    await first.exited;

    // Restarted, with the grade-sync worker running: nobody opens the quiz.
    const second = await spawnApp(dataDir, port, 100);
    store = await storeModels(second.storeUri);
    expect(await store.models.Attempt.findOne({ userId: 'bob' }).lean()).toMatchObject({
      status: 'submitted',
      lastScore: 1,
    });
    const lineItem = before.state?.links.find((l) => l.id === 'demo-exam')?.lineItemId ?? '';
    for (let i = 0; i < 200 && !savedGradebook(dataDir).get(lineItem)?.get('bob'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(savedGradebook(dataDir).get(lineItem)?.get('bob')).toMatchObject({ scoreGiven: 20, received: 1 });
    // The LMS keeps the score before the worker records its answer: 'sent' follows a moment later.
    const syncOf = () => store.models.GradeSync.findOne({ userId: 'bob' }).lean();
    for (let i = 0; i < 200 && (await syncOf())?.status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await syncOf()).toMatchObject({ status: 'sent' });
    await store.conn.close();
    second.child.kill('SIGTERM');
    await second.exited;

    // The sandbox LMS came back as it was each time: same key, registration, line items, and the
    // access token the tool holds is still one it knows.
    const after = saved();
    expect(after.key).toEqual(before.key);
    expect(after.state?.registration).toEqual(before.state?.registration);
    expect(after.state?.lineItems).toEqual(before.state?.lineItems);
    expect(after.state?.accessTokens.length).toBe(1);
  }, 90_000);
});
