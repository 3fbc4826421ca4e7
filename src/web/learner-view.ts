import { answerField, isPastDeadline, type AttemptState } from '../activity/attempt-service.ts';
import type { ActivitySettings } from '../activity/activity-settings.ts';
import type { Lang } from '../engine/template.ts';
import type { SubmissionDoc, SubmittedPart } from '../store/models/submission.ts';
import { currentVersions } from '../activity/submission-versions.ts';
import { problemScoresOf, type ProblemScore } from '../grading/scoring.ts';
import {
  type AttemptHeaderView,
  renderAttemptHeader,
  renderFeedback,
  renderProblemScore,
  renderScoreSummary,
} from './pages/quiz/quiz.html.ts';

/** What the activity's settings let the learner see of their state now. */
export function whatTheLearnerSees(settings: ActivitySettings, state: AttemptState, now: Date) {
  // The attempt's current graded version: a regrade or a manual grade is what the student sees.
  const latest = currentVersions(state.submissions).get(state.attempt._id.toHexString());
  const due = settings.dueAt ? new Date(settings.dueAt) : undefined;
  const afterDue = due ? now > due : false;
  return {
    latest,
    due,
    showFeedback:
      latest !== undefined &&
      (settings.feedbackMode === 'immediate' || (settings.feedbackMode === 'afterDue' && afterDue)),
    showSolutions:
      latest !== undefined &&
      (settings.showSolutions === 'afterSubmit' || (settings.showSolutions === 'afterDue' && afterDue)),
    open: state.attempt.status === 'open' && !isPastDeadline(state.attempt, now),
    canRetry:
      state.attempt.status !== 'open' &&
      (settings.attemptsAllowed === null || state.attemptsUsed < settings.attemptsAllowed),
  };
}

/** Which attempt, how it ended (a submit, or the clock), what is left. */
export function attemptHeaderOf(
  settings: Pick<ActivitySettings, 'attemptsAllowed'>,
  state: AttemptState,
  due: Date | undefined,
): AttemptHeaderView {
  const latest = state.submissions.find((s) => s.attemptId.equals(state.attempt._id));
  return {
    attemptNumber: state.attempt.attemptNumber,
    attemptsAllowed: settings.attemptsAllowed,
    attemptsUsed: state.attemptsUsed,
    ...(state.attempt.status !== 'open' ? { closed: latest?.auto ? 'timedOut' : 'submitted' } : {}),
    ...(due ? { dueAt: due } : {}),
  };
}

/**
 * The answer to a submit that asked for JSON. Feedback and score only as the feedback mode allows,
 * exactly like the page; the reference answers are never in it (the page shows solutions).
 */
export function submissionJson(
  settings: ActivitySettings,
  state: AttemptState,
  duplicate: boolean,
  message: string,
  lang: Lang,
) {
  const { latest, due, showFeedback, showSolutions, open, canRetry } = whatTheLearnerSees(settings, state, new Date());
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
    // The line under the title as it is now (an attempt submitted says so, and what is left).
    headerHtml: renderAttemptHeader(attemptHeaderOf(settings, state, due), lang),
    ...(feedback && latest
      ? {
          score: latest.scoreFraction,
          points: latest.points,
          maxPoints: latest.maxPoints,
          pendingManual: latest.pendingManual,
          summaryHtml: renderScoreSummary(latest, lang),
          problems: feedback.problems.map((p, problemIndex) => ({
            problemIndex,
            points: p.points,
            maxPoints: p.maxPoints,
            html: renderProblemScore(p, lang),
          })),
          parts: feedback.parts.flatMap((byKey, problemIndex) =>
            Object.values(byKey).map((g) => ({
              field: answerField(problemIndex, g.partKey),
              score: g.score,
              points: g.points,
              maxPoints: g.maxPoints,
              correct: g.correct,
              pendingManual: g.pendingManual,
              feedbackHtml: renderFeedback(g, lang),
            })),
          ),
        }
      : {}),
  };
}

/** A stored part as the learner's page shows it. */
export type PartView = SubmittedPart & { manual: boolean; optional: boolean; correct: boolean };

export interface SubmissionView {
  parts: Array<Record<string, PartView>>;
  problems: ProblemScore[];
}

/** The latest graded version's parts by problem, and each problem's points (scoring.ts). */
export function feedbackFromSubmission(submission: Pick<SubmissionDoc, 'parts'>, state: AttemptState): SubmissionView {
  const parts: Array<Record<string, PartView>> = state.problems.map(() => ({}));
  for (const p of submission.parts) {
    const display = state.problems[p.problemIndex]?.variant.parts.find((x) => x.key === p.partKey);
    const target = parts[p.problemIndex];
    if (!target) continue;
    // Object.assign, not a spread: parts come in many shapes, and V8 copies them by a spread on its
    // slow path (and every later read of the copies pays for it).
    target[p.partKey] = Object.assign({}, p, {
      manual: display?.manual ?? false,
      optional: display?.optional ?? false,
      correct: p.score === 1,
    });
  }
  return {
    parts,
    problems: problemScoresOf(
      state.problems.map((p) => p.points),
      submission.parts,
    ),
  };
}
