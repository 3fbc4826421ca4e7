import { answerField, isPastDeadline, type AttemptState } from '../activity/attempt-service.ts';
import type { ActivitySettings } from '../activity/activity-settings.ts';
import type { Lang } from '../engine/template.ts';
import type { PartResult } from '../grading/grade-submission.ts';
import { t } from './i18n.ts';
import { renderFeedback } from './pages/quiz-page.ts';
import { formatPercent } from './pages/format-percent.ts';

/** What the activity's settings let the learner see of their state now. */
export function whatTheLearnerSees(settings: ActivitySettings, state: AttemptState, now: Date) {
  const latest = state.submissions[state.submissions.length - 1];
  const due = settings.dueAt ? new Date(settings.dueAt) : undefined;
  const afterDue = due ? now > due : false;
  return {
    latest,
    due,
    showFeedback: latest !== undefined && (settings.feedbackMode === 'immediate' || (settings.feedbackMode === 'afterDue' && afterDue)),
    showSolutions: latest !== undefined && (settings.showSolutions === 'afterSubmit' || (settings.showSolutions === 'afterDue' && afterDue)),
    open: state.attempt.status === 'open' && !isPastDeadline(state.attempt, now),
    canRetry: state.attempt.status !== 'open' && (settings.attemptsAllowed === null || state.attemptsUsed < settings.attemptsAllowed),
  };
}

/**
 * The answer to a submit that asked for JSON. Feedback and score only as the feedback mode allows,
 * exactly like the page; the reference answers are never in it (the page shows solutions).
 */
export function submissionJson(settings: ActivitySettings, state: AttemptState, duplicate: boolean, message: string, lang: Lang) {
  const { latest, showFeedback, showSolutions, open, canRetry } = whatTheLearnerSees(settings, state, new Date());
  const feedback = showFeedback && latest ? feedbackFromSubmission(latest, state) : undefined;
  return {
    stored: latest !== undefined,
    duplicate,
    message,
    submissionId: latest?._id.toHexString(),
    attemptNumber: state.attempt.attemptNumber,
    canSubmit: open,
    canStartNewAttempt: canRetry,
    solutionsAvailable: showSolutions,
    ...(feedback && latest
      ? {
          score: latest.scoreFraction,
          pendingManual: latest.pendingManual,
          summary: `${t('score', lang)}: ${formatPercent(latest.scoreFraction)}${latest.pendingManual ? ` · ${t('pendingManual', lang)}` : ''}`,
          parts: feedback.flatMap((byKey, problemIndex) =>
            Object.values(byKey).map((g) => ({ field: answerField(problemIndex, g.key), score: g.score, points: g.points, maxPoints: g.maxPoints, correct: g.correct, pendingManual: g.pendingManual, feedbackHtml: renderFeedback(g) })),
          ),
        }
      : {}),
  };
}

export function feedbackFromSubmission(submission: { parts: Array<{ problemIndex: number; partKey: string; raw: string; parsed: { ok: boolean; echo?: string; error?: string }; score: number; points: number; maxPoints: number; feedback: string; pendingManual: boolean; mistake?: string; followThrough?: boolean }> }, state: AttemptState): Array<Record<string, PartResult>> {
  const out: Array<Record<string, PartResult>> = state.problems.map(() => ({}));
  for (const p of submission.parts) {
    const display = state.problems[p.problemIndex]?.variant.parts.find((x) => x.key === p.partKey);
    const target = out[p.problemIndex];
    if (!target) continue;
    target[p.partKey] = {
      key: p.partKey,
      raw: p.raw,
      parsed: p.parsed.ok ? { ok: true, echo: p.parsed.echo ?? '' } : { ok: false, error: p.parsed.error ?? '' },
      score: p.score,
      correct: p.score === 1,
      points: p.points,
      maxPoints: p.maxPoints,
      feedback: p.feedback,
      manual: display?.manual ?? false,
      pendingManual: p.pendingManual,
      optional: display?.optional ?? false,
      ...(p.mistake ? { mistake: p.mistake } : {}),
      ...(p.followThrough ? { followThrough: true } : {}),
    };
  }
  return out;
}
