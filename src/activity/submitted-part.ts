import type { PartResult } from '../grading/grade-submission.ts';
import type { SubmittedPart } from '../store/models/submission.ts';

/** A graded part as it is stored with the submission (submit and regrade store the same shape). */
export function submittedPart(problemIndex: number, templateId: string, part: PartResult): SubmittedPart {
  return {
    problemIndex,
    templateId,
    partKey: part.key,
    raw: part.raw,
    parsed: part.parsed.ok ? { ok: true, echo: part.parsed.echo } : { ok: false, ...('error' in part.parsed ? { error: part.parsed.error } : {}) },
    score: part.score,
    points: part.points,
    maxPoints: part.maxPoints,
    feedback: part.feedback,
    ...(part.mistake ? { mistake: part.mistake } : {}),
    ...(part.followThrough ? { followThrough: true } : {}),
    pendingManual: part.pendingManual,
  };
}
