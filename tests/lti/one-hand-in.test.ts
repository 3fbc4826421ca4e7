import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Models } from '../../src/store/models/index.ts';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { startTestServer } from '../support/start-test-server.ts';
import { openQuiz, submitJson, type SubmitAnswer } from '../fault/support/learner.ts';

// An attempt takes one hand-in, whatever the idempotency key of the page it comes from: two tabs
// of the same attempt, each with its own key, must not both be stored and graded.
let app: Awaited<ReturnType<typeof startTestServer>>;
let models: Models;
beforeAll(async () => {
  app = await startTestServer();
  models = app.store.models;
});
afterAll(async () => {
  await app.cleanup();
});

async function correctAnswersOf(userId: string): Promise<Record<string, string>> {
  const attempt = await models.Attempt.findOne({ userId }).lean();
  if (!attempt) throw new Error(`${userId} has no attempt`);
  return correctAnswerFields(attempt);
}

const storedOnes = (answers: SubmitAnswer[]) => answers.filter((a) => a.status === 200 && a.json?.stored === true);

describe('one hand-in per attempt', () => {
  it('two tabs of one attempt submitting at the same moment: one is stored and scored, the other is told the attempt is closed', async () => {
    const learners = Array.from({ length: 8 }, (_, i) => `student-${20 + i}`);
    const tabs = await Promise.all(
      learners.map(async (userId) => {
        // Two launches: two pages of the same open attempt, each with its own key.
        const first = await openQuiz(app.baseUrl, userId);
        const second = await openQuiz(app.baseUrl, userId);
        expect(second.key).not.toBe(first.key);
        return { userId, first, second, right: await correctAnswersOf(userId) };
      }),
    );
    // Every second tab hands in blanks, every first the right answers: all at once.
    const answers = await Promise.all(
      tabs.flatMap(({ first, second, right }) => [
        submitJson(app.baseUrl, first, first.key, right),
        submitJson(app.baseUrl, second, second.key, {}),
      ]),
    );
    for (const [i, { userId }] of tabs.entries()) {
      const pair = answers.slice(2 * i, 2 * i + 2);
      expect(storedOnes(pair)).toHaveLength(1);
      const refused = pair.find((a) => a !== storedOnes(pair)[0]);
      expect(refused?.status).toBe(409);
      expect(refused?.contentType).toMatch(/^application\/json/);
      expect(refused?.json).toMatchObject({ stored: false, canSubmit: false });
      const submissions = await models.Submission.find({ userId }).lean();
      expect(submissions).toHaveLength(1);
      // The attempt's score, the refused tab's answer and the queued score all say the stored one's.
      const stored = storedOnes(pair)[0]?.json;
      expect(String(submissions[0]?._id)).toBe(stored?.submissionId);
      expect(refused?.json?.submissionId).toBe(stored?.submissionId);
      const attempt = await models.Attempt.findOne({ userId }).lean();
      expect(attempt).toMatchObject({ status: 'submitted', lastScore: submissions[0]?.scoreFraction });
      const queued = await models.GradeSync.find({ userId }).lean();
      expect(queued).toHaveLength(1);
      expect(queued[0]?.scoreGiven).toBe(submissions[0]?.gradeSync?.scoreGiven);
    }
  });

  it('a submit from a new page of an attempt whose hand-in a crash left half done finishes that one and is refused', async () => {
    const userId = 'student-40';
    const quiz = await openQuiz(app.baseUrl, userId);
    const right = await correctAnswersOf(userId);
    const first = await submitJson(app.baseUrl, quiz, quiz.key, right);
    expect(first.json).toMatchObject({ stored: true });
    // The process died right after the insert: no outbox record, the attempt still open.
    await models.GradeSync.deleteMany({ userId });
    await models.Attempt.updateMany(
      { userId },
      { $set: { status: 'open' }, $unset: { closedAt: '', lastScore: '', bestScore: '' } },
    );
    // The same page again, under another key (as a second tab would send it), blank this time.
    const again = await submitJson(app.baseUrl, quiz, 'another-page-key', {});
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ stored: false, canSubmit: false, submissionId: first.json?.submissionId });
    expect(await models.Submission.countDocuments({ userId })).toBe(1);
    expect(await models.Attempt.findOne({ userId }).lean()).toMatchObject({ status: 'submitted', lastScore: 1 });
    expect(await models.GradeSync.findOne({ userId }).lean()).toMatchObject({ scoreGiven: 20 });
  });
});
