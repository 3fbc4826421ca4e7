import type { Lang } from '../engine/template.ts';
import { parseForPart } from '../grading/grade-submission.ts';
import type { ActivityKey } from '../store/models/activity-key.ts';
import type { Models } from '../store/models/index.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';
import { regradeRulesOf, selectActivitySettings } from '../store/repositories/activity-settings.ts';
import { selectAttemptOfActivity, selectAttemptsForUser } from '../store/repositories/attempts.ts';
import { selectOptionalSubmissionOfActivity, selectSubmissionsForAttempts } from '../store/repositories/submissions.ts';
import type { ActivitySettings } from './activity-settings.ts';
import { loadProblems } from './attempt-service.ts';
import { asVersion, regradeVersion, writeStudentVersions } from './regrade.ts';
import { manualShare, problemPartPoints } from '../grading/scoring.ts';
import { studentGradebookScore } from './student-score.ts';
import { currentVersions } from './submission-versions.ts';

/** The instructor's decision on one part: points (with a comment), or a reading of an unreadable answer. */
export interface ManualGrade {
  /** From the form: checked against the activity before anything is read by it. */
  unsafeSubmissionId: string;
  problemIndex: number;
  partKey: string;
  points?: number;
  comment?: string;
  /** "Accept a reading": the answer as the instructor reads it, graded with the part's own rules. */
  reading?: string;
}

export type ManualGradeOutcome =
  { ok: true; submission: SubmissionDoc } | { ok: false; status: 404 | 409 | 422; message: string };

const MAX_COMMENT = 2000;

/**
 * Grades one part by hand: a new graded version of the submission (the student's own stays as it
 * was), graded again from the raw answers with the activity's regrade rules and every earlier
 * decision kept, and the student's policy score re-sent once.
 */
export async function gradeByHand(
  models: Models,
  key: ActivityKey,
  settings: ActivitySettings,
  grade: ManualGrade,
  lang: Lang,
  now = new Date(),
): Promise<ManualGradeOutcome> {
  const notFound = {
    ok: false,
    status: 404,
    message: 'submissionId, problemIndex, partKey: no answer of this activity with that id and part',
  } as const;
  const shown = await selectOptionalSubmissionOfActivity(models, grade.unsafeSubmissionId, key);
  const attempt = shown ? await selectAttemptOfActivity(models, shown.attemptId.toHexString(), key) : null;
  if (!shown || !attempt) return notFound;
  const attempts = await selectAttemptsForUser(models, key, attempt.userId);
  const submissions = await selectSubmissionsForAttempts(
    models,
    attempts.map((a) => a._id),
  );
  const current = currentVersions(submissions).get(attempt._id.toHexString());
  if (!current) return notFound;
  if (!current._id.equals(shown._id))
    return {
      ok: false,
      status: 409,
      message: 'This answer was graded again since the page was opened: reload the page and grade it there.',
    };
  const part = current.parts.find((p) => p.problemIndex === grade.problemIndex && p.partKey === grade.partKey);
  const problem = loadProblems(attempt)[grade.problemIndex];
  const display = problem?.variant.parts.find((p) => p.key === grade.partKey);
  if (!part || !problem || !display) return notFound;
  const comment = (grade.comment ?? '').trim();
  if (comment.length > MAX_COMMENT)
    return { ok: false, status: 422, message: `comment: at most ${MAX_COMMENT} characters` };

  let decision: Pick<SubmissionDoc['parts'][number], 'manualScore' | 'acceptedReading'>;
  if (grade.reading !== undefined) {
    // Read as the student's answer is: in the notation of the page they submitted from.
    const read = parseForPart(grade.reading, display, current.lang ?? 'en');
    if (!read.ok) return { ok: false, status: 422, message: `reading: ${read.error}` };
    decision = { acceptedReading: grade.reading.trim() };
  } else {
    const max = problemPartPoints(problem.variant.parts, problem.points).get(grade.partKey)?.points ?? 0;
    const share = grade.points === undefined ? undefined : manualShare(grade.points, max);
    if (share === undefined) return { ok: false, status: 422, message: `points: a number from 0 to ${max}` };
    decision = { manualScore: share };
  }
  const kept = current.parts.map((p) => {
    if (p !== part) return p;
    const { manualScore: _m, acceptedReading: _r, comment: _c, ...rest } = p;
    return { ...rest, ...decision, ...(comment ? { comment } : {}) };
  });
  const rules = regradeRulesOf(await selectActivitySettings(models, key));
  const change = { attempt, current, graded: regradeVersion(attempt, current, rules, settings, lang, kept) };
  const after = studentGradebookScore(settings.scorePolicy, attempts, [...submissions, asVersion(change, now)]);
  const what =
    grade.reading !== undefined
      ? `reading accepted for problem ${grade.problemIndex + 1}, part ${grade.partKey}`
      : `manual grade of problem ${grade.problemIndex + 1}, part ${grade.partKey}`;
  const [recorded] = await writeStudentVersions(models, [change], after, what, now);
  if (!recorded || recorded.duplicate)
    return {
      ok: false,
      status: 409,
      message: 'Someone graded this answer at the same moment: reload the page to see their grade.',
    };
  return { ok: true, submission: recorded.submission };
}
