import type { AttemptDoc } from '../store/models/attempt.ts';
import type { GradeSyncDoc } from '../store/models/grade-sync.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';
import { csvCell as cell, type CsvValue } from '../render/csv-cell.ts';
import { problemScoresOf, type ScorePolicy } from '../grading/scoring.ts';
import { studentGradebookScore } from '../activity/student-score.ts';
import {
  attemptsByStudent,
  currentVersions,
  isStudentSubmission,
  submissionsByStudent,
} from '../activity/submission-versions.ts';

/**
 * UTF-8's byte-order mark: without it Excel reads a CSV in the machine's legacy code page and shows
 * "DvoĹ™ĂˇkovĂˇ" for "Dvořáková"; LibreOffice, Google Sheets and pandas skip it.
 */
export const UTF8_BOM = '\uFEFF';

const csvText = (header: readonly string[], rows: readonly (readonly CsvValue[])[]): string =>
  `${UTF8_BOM}${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;

/** Every part of every submission, with the raw input, how it was read, the score and the grade-sync state. */
export function gradesCsv(
  attempts: readonly AttemptDoc[],
  submissions: readonly SubmissionDoc[],
  syncs: readonly GradeSyncDoc[],
): string {
  const header = [
    'user_id',
    'user_name',
    'attempt',
    'submitted_at',
    'problem',
    'template',
    'part',
    'raw',
    'read_as',
    'part_score',
    'part_points',
    'part_max',
    'mistake',
    'total_points',
    'total_max',
    'score',
    'grade_sync',
  ];
  // By id, not searched per submission: a class's export would take the square of its size.
  const attemptById = new Map(attempts.map((a) => [a._id.toHexString(), a]));
  // One outbox record per submission (a unique index).
  const syncBySubmission = new Map(syncs.map((g) => [g.submissionId.toHexString(), g]));
  const rows: CsvValue[][] = [];
  for (const s of submissions) {
    const a = attemptById.get(s.attemptId.toHexString());
    const sync = syncBySubmission.get(s._id.toHexString());
    for (const p of s.parts) {
      rows.push([
        s.userId,
        a?.userName,
        a?.attemptNumber,
        s.submittedAt.toISOString(),
        p.problemIndex + 1,
        p.templateId,
        p.partKey,
        p.raw,
        p.parsed.ok ? p.parsed.echo : '',
        p.score,
        p.points,
        p.maxPoints,
        p.mistake,
        s.points,
        s.maxPoints,
        s.scoreFraction,
        sync?.status ?? '',
      ]);
    }
  }
  return csvText(header, rows);
}

/**
 * The grade sheet: one row per student, sorted by name, with the attempt the activity's policy
 * counts (the one the LMS gradebook holds), its points per problem (before a retry penalty), the
 * total that counts, and when the student submitted it. A student who opened the activity but has
 * no graded attempt gets a row with the points left empty.
 */
export function gradeSheetCsv(
  attempts: readonly AttemptDoc[],
  submissions: readonly SubmissionDoc[],
  policy: ScorePolicy,
): string {
  const learners = attempts.filter((a) => !a.isStaff);
  const current = currentVersions(submissions);
  const problemCount = Math.max(0, ...learners.map((a) => a.problems.length));
  // Problems are named by the first attempt's templates ("p1_batchnorm"); attempts of one activity share them.
  const first = learners.find((a) => a.problems.length === problemCount);
  const problemHeads = Array.from(
    { length: problemCount },
    (_, i) => `p${i + 1}${first?.templateIds[i] ? `_${first.templateIds[i]}` : ''}`,
  );
  const header = [
    'name',
    'user_id',
    'attempt',
    ...problemHeads,
    'total_points',
    'max_points',
    'pending_manual',
    'submitted_at',
  ];
  const byUser = attemptsByStudent(learners);
  const submissionsOf = submissionsByStudent(learners, submissions);
  const rows = [...byUser].map(([userId, own]) => {
    const newest = own.reduce((x, y) => (y.attemptNumber > x.attemptNumber ? y : x));
    const name = own.map((a) => a.userName).find(Boolean) ?? '';
    const mine = submissionsOf.get(userId) ?? [];
    const counted = studentGradebookScore(policy, own, mine);
    const attempt = counted && own.find((a) => a.attemptNumber === counted.attemptNumber);
    const graded = attempt && current.get(attempt._id.toHexString());
    if (!attempt || !graded || !counted)
      return [name, userId, newest.attemptNumber, ...problemHeads.map(() => ''), '', '', '', ''];
    const problems = problemScoresOf(
      attempt.problems.map((p) => p.points),
      graded.parts,
    );
    // When the student submitted: the student's own submission of that attempt, not a later regrade.
    const submitted = mine.find((s) => s.attemptId.equals(attempt._id) && isStudentSubmission(s)) ?? graded;
    return [
      name,
      userId,
      counted.attemptNumber,
      ...problemHeads.map((_, i) => problems[i]?.points ?? ''),
      counted.scoreGiven,
      counted.scoreMaximum,
      counted.pendingManual ? 'yes' : 'no',
      submitted.submittedAt.toISOString(),
    ];
  });
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
  return csvText(header, rows);
}
