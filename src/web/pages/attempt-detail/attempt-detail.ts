import type { Lang } from '../../../engine/template.ts';
import { isStudentSubmission, versionOf } from '../../../activity/submission-versions.ts';
import type { AttemptDoc } from '../../../store/models/attempt.ts';
import type { SubmissionDoc } from '../../../store/models/submission.ts';
import { renderAttemptDetailPage as renderAttemptDetailView, type AttemptDetailModel } from './attempt-detail.html.ts';

/** The attempt's detail page from its stored submissions (read by the route, oldest first). */
export function attemptDetailModel(
  attempt: AttemptDoc,
  submissions: readonly SubmissionDoc[],
  ltik: string,
  lang: Lang,
): AttemptDetailModel {
  return {
    lang,
    ltik,
    userId: attempt.userId,
    ...(attempt.userName ? { userName: attempt.userName } : {}),
    attemptNumber: attempt.attemptNumber,
    versions: submissions.map((s) => ({
      byStudent: isStudentSubmission(s),
      at: isStudentSubmission(s) ? s.submittedAt : (s.gradedAt ?? s.submittedAt),
      version: versionOf(s),
      points: s.points,
      maxPoints: s.maxPoints,
      scoreFraction: s.scoreFraction,
      auto: Boolean(s.auto),
      ...(s.regradeRule ? { regradeRule: s.regradeRule } : {}),
      graderVersion: s.graderVersion,
      templateVersions: s.templateVersions,
      parts: s.parts.map((p) => ({
        problemIndex: p.problemIndex,
        partKey: p.partKey,
        raw: p.raw,
        parsed: p.parsed,
        points: p.points,
        maxPoints: p.maxPoints,
        bonus: Boolean(p.bonus),
        pendingManual: p.pendingManual,
        unreadable: Boolean(p.unreadable),
        ...(p.comment ? { comment: p.comment } : {}),
        feedback: p.feedback,
      })),
    })),
  };
}

export function renderAttemptDetailPage(
  attempt: AttemptDoc,
  submissions: readonly SubmissionDoc[],
  ltik: string,
  lang: Lang,
): string {
  return renderAttemptDetailView(attemptDetailModel(attempt, submissions, ltik, lang));
}
