import type { AttemptDoc } from '../store/models/attempt.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';

/**
 * A student's submission is graded again (regrade, manual grade) by writing a new version of it;
 * the versions of one attempt are numbered 1 (the student's), 2, 3, ... Records stored before the
 * number was kept are 1, or 2 when written by a regrade.
 */
export function versionOf(s: Pick<SubmissionDoc, 'version' | 'regradeOf'>): number {
  return s.version ?? (s.regradeOf ? 2 : 1);
}

/** A submission the student made (not a graded version written for them). */
export function isStudentSubmission(s: Pick<SubmissionDoc, 'regradeOf'>): boolean {
  return s.regradeOf === undefined || s.regradeOf === null;
}

/** The idempotency key of version n of an attempt: the unique (attempt, key) index lets only one writer make it. */
export function versionKey(version: number): string {
  // ':' cannot occur in a key a browser sends (web/forms/quiz-form.ts), so no student key collides.
  return `version:${version}`;
}

/** The graded version that counts, per attempt (by attempt id): the highest version, the latest on a tie. */
export function currentVersions(submissions: readonly SubmissionDoc[]): Map<string, SubmissionDoc> {
  const out = new Map<string, SubmissionDoc>();
  for (const s of submissions) {
    const key = s.attemptId.toHexString();
    const held = out.get(key);
    if (
      !held ||
      versionOf(s) > versionOf(held) ||
      (versionOf(s) === versionOf(held) && (s.gradedAt ?? s.submittedAt) >= (held.gradedAt ?? held.submittedAt))
    )
      out.set(key, s);
  }
  return out;
}

/** Each student's attempts (by user id), in the order given. */
export function attemptsByStudent<A extends Pick<AttemptDoc, 'userId'>>(attempts: readonly A[]): Map<string, A[]> {
  const out = new Map<string, A[]>();
  for (const a of attempts) {
    const own = out.get(a.userId);
    if (own) own.push(a);
    else out.set(a.userId, [a]);
  }
  return out;
}

/**
 * Each student's submissions (by user id), in the order given: those of the given attempts, found
 * by attempt id. Looking each submission up among a student's attempts, student by student, took
 * the square of a class's size (seconds for a class of a thousand).
 */
export function submissionsByStudent(
  attempts: ReadonlyArray<Pick<AttemptDoc, '_id' | 'userId'>>,
  submissions: readonly SubmissionDoc[],
): Map<string, SubmissionDoc[]> {
  const studentOf = new Map(attempts.map((a) => [a._id.toHexString(), a.userId]));
  const out = new Map<string, SubmissionDoc[]>();
  for (const s of submissions) {
    const userId = studentOf.get(s.attemptId.toHexString());
    if (userId === undefined) continue;
    const own = out.get(userId);
    if (own) own.push(s);
    else out.set(userId, [s]);
  }
  return out;
}
