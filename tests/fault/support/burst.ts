import type { Models } from '../../../src/store/models/index.ts';
import { correctAnswerFields } from '../../support/correct-answers.ts';
import { openQuiz, submitJson, type OpenQuiz } from './learner.ts';

export interface Student {
  userId: string;
  quiz: OpenQuiz;
  answers: Record<string, string>;
  /** Set when the tool answered "stored" (HTTP 200, stored: true): a promise that must be kept. */
  ackedSubmissionId?: string;
  /** What the student was told otherwise (a 503 "Not saved", a connection reset, ...). */
  refused?: string;
}

/** The submissions acknowledged so far ("stored" answers), by id. */
export function ackedIds(students: readonly Student[]): Set<string> {
  return new Set(students.flatMap((s) => (s.ackedSubmissionId ? [s.ackedSubmissionId] : [])));
}

/** Launches `count` students (student-<first>...) into the demo exam, a few at a time. */
export async function launchStudents(
  baseUrl: string,
  models: Models,
  first: number,
  count: number,
): Promise<Student[]> {
  const students: Student[] = [];
  const ids = Array.from({ length: count }, (_, i) => `student-${first + i}`);
  for (let i = 0; i < ids.length; i += 8) {
    const batch = await Promise.all(
      ids.slice(i, i + 8).map(async (userId) => ({ userId, quiz: await openQuiz(baseUrl, userId) })),
    );
    for (const { userId, quiz } of batch) {
      const attempt = await models.Attempt.findOne({ userId }).lean();
      if (!attempt) throw new Error(`${userId} has no attempt after launching`);
      // Half answer everything right, half leave the page blank: different scores to deliver.
      students.push({ userId, quiz, answers: (first + students.length) % 2 === 0 ? correctAnswerFields(attempt) : {} });
    }
  }
  return students;
}

/**
 * Every student submits at once, as the page's script does. `onAck` runs after each "stored"
 * answer (the test kills something there). Resolves when every request has an outcome.
 */
export async function submitBurst(
  baseUrl: string,
  students: Student[],
  onAck: (acked: number) => void = () => undefined,
): Promise<void> {
  let acked = 0;
  await Promise.all(
    students.map(async (s) => {
      try {
        const r = await submitJson(baseUrl, s.quiz, s.quiz.key, s.answers);
        if (r.status === 200 && r.json?.stored === true) {
          s.ackedSubmissionId = String(r.json.submissionId);
          onAck(++acked);
        } else s.refused = `${r.status} ${typeof r.json?.error === 'string' ? r.json.error : ''}`;
      } catch (error) {
        s.refused = error instanceof Error ? error.message : String(error);
      }
    }),
  );
}

/**
 * What a student does for a submit not answered "stored": press Retry, which sends it again with
 * the same key, as long as the tool answers "Not saved" (a store that is coming back). Returns how
 * many submits needed it.
 */
export async function retryRefused(baseUrl: string, students: Student[], tries = 20): Promise<number> {
  const refused = students.filter((s) => !s.ackedSubmissionId);
  for (const s of refused) {
    for (let attempt = 1; !s.ackedSubmissionId; attempt++) {
      const r = await submitJson(baseUrl, s.quiz, s.quiz.key, s.answers);
      if (r.status === 200 && r.json?.stored === true) s.ackedSubmissionId = String(r.json.submissionId);
      else if (r.status !== 503 || attempt >= tries)
        throw new Error(`${s.userId}'s retry ${attempt} answered ${r.status}: ${JSON.stringify(r.json)}`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
    delete s.refused;
  }
  return refused.length;
}
