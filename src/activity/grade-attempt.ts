import type { Lang } from '../engine/template.ts';
import {
  GRADER_VERSION,
  gradeSubmission,
  type PartRegrade,
  type SubmissionGrade,
} from '../grading/grade-submission.ts';
import type { SubmissionDoc, SubmittedPart } from '../store/models/submission.ts';
import { scoreAttempt, type AttemptScore, type PartVerdict } from '../grading/scoring.ts';
import { submittedPart, type KeptDecision } from './submitted-part.ts';
import type { LoadedProblem } from './loaded-problem.ts';

export interface GradeAttemptOptions {
  lang: Lang;
  attemptNumber: number;
  declinePerRetry: number;
  /** The activity's regrade rules, by problem index (scoring.regradeOverrides). */
  overrides?: ReadonlyMap<number, Readonly<Record<string, PartRegrade>>>;
  /** Manual scores, comments and accepted readings of the version graded before. */
  kept?: readonly KeptDecision[];
}

export interface GradedAttempt {
  grades: SubmissionGrade[];
  parts: SubmittedPart[];
  score: AttemptScore;
}

/**
 * Grades an attempt's answers (as typed; an accepted reading in place of an unreadable one) and
 * scores them: the one path of submit, the deadline, regrade and manual grading. An unreadable
 * answer is not graded: it waits for the instructor.
 */
export function gradeAttempt(
  problems: readonly LoadedProblem[],
  typed: (problemIndex: number, partKey: string) => string,
  options: GradeAttemptOptions,
): GradedAttempt {
  const keptOf = (i: number, key: string) => options.kept?.find((k) => k.problemIndex === i && k.partKey === key);
  const grades = problems.map((p, i) => {
    const raw: Record<string, string> = {};
    for (const part of p.variant.parts) raw[part.key] = keptOf(i, part.key)?.acceptedReading ?? typed(i, part.key);
    const regrade = options.overrides?.get(i);
    return gradeSubmission(p.template, p.variant, raw, {
      lang: options.lang,
      unreadableWaits: true,
      ...(regrade ? { regrade } : {}),
    });
  });
  const verdicts: PartVerdict[] = grades.flatMap((g, i) =>
    Object.values(g.parts).map((part) => {
      const manualScore = keptOf(i, part.key)?.manualScore;
      return {
        problemIndex: i,
        partKey: part.key,
        score: part.score,
        pendingManual: part.pendingManual,
        ...(manualScore !== undefined ? { manualScore } : {}),
      };
    }),
  );
  const score = scoreAttempt(
    problems.map((p) => ({ points: p.points, parts: p.variant.parts })),
    verdicts,
    options.attemptNumber,
    options.declinePerRetry,
  );
  const parts = grades.flatMap((g, i) =>
    Object.values(g.parts).map((part) => {
      const scored = score.parts.find((s) => s.problemIndex === i && s.partKey === part.key);
      const kept = keptOf(i, part.key);
      // The part is stored as typed; an accepted reading is recorded beside it.
      return submittedPart(i, problems[i]?.template.id ?? '', { ...part, raw: typed(i, part.key) }, scored, kept);
    }),
  );
  return { grades, parts, score };
}

/** What a stored submission (or graded version) records of a grading: its parts and its totals. */
export function gradedFields(
  graded: GradedAttempt,
): Pick<
  SubmissionDoc,
  'parts' | 'rawScore' | 'scoreFraction' | 'points' | 'maxPoints' | 'pendingManual' | 'graderVersion'
> {
  const { score } = graded;
  return {
    parts: graded.parts,
    rawScore: score.rawScore,
    scoreFraction: score.scoreFraction,
    points: score.points,
    maxPoints: score.maxPoints,
    pendingManual: score.pendingManual,
    graderVersion: GRADER_VERSION,
  };
}
