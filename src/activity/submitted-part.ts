import type { PartResult } from '../grading/grade-submission.ts';
import type { SubmittedPart } from '../store/models/submission.ts';
import type { ScoredPart } from '../grading/scoring.ts';

/** What the instructor decided about a part, carried from one graded version to the next. */
export type KeptDecision = Pick<
  SubmittedPart,
  'problemIndex' | 'partKey' | 'manualScore' | 'comment' | 'acceptedReading'
>;

/** A graded part as it is stored with the submission (submit, regrade and manual grading store the same shape). */
export function submittedPart(
  problemIndex: number,
  templateId: string,
  part: PartResult,
  scored: ScoredPart | undefined,
  kept?: KeptDecision,
): SubmittedPart {
  const manual = kept?.manualScore !== undefined;
  return {
    problemIndex,
    templateId,
    partKey: part.key,
    raw: part.raw,
    parsed: part.parsed.ok
      ? { ok: true, echo: part.parsed.echo }
      : { ok: false, ...('error' in part.parsed ? { error: part.parsed.error } : {}) },
    score: scored?.score ?? part.score,
    points: scored?.points ?? 0,
    maxPoints: scored?.maxPoints ?? 0,
    feedback: part.feedback,
    ...(part.mistake ? { mistake: part.mistake } : {}),
    ...(part.followThrough ? { followThrough: true } : {}),
    pendingManual: part.pendingManual && !manual,
    ...(part.unreadable ? { unreadable: true } : {}),
    ...(scored?.bonus ? { bonus: true } : {}),
    ...(manual ? { manualScore: kept.manualScore } : {}),
    ...(kept?.comment ? { comment: kept.comment } : {}),
    ...(kept?.acceptedReading !== undefined ? { acceptedReading: kept.acceptedReading } : {}),
  };
}
