import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { AttemptState, ExamStart } from '../../../activity/attempt-service.ts';
import { answerField } from '../../../activity/answer-field.ts';
import type { AnswerIssue } from '../../../activity/answer-issues.ts';
import type { AnswerCheck } from '../../answer-checks.ts';
import type { Launch } from '../../launch-context.ts';
import { attemptHeaderOf, feedbackFromSubmission, whatTheLearnerSees } from '../../learner-view.ts';
import { t } from '../../i18n.ts';
import { canChooseLanguage } from '../../chosen-language.ts';
import { renderQuizPage, type QuizPageModel } from './quiz.html.ts';
import { renderStartPage } from './start.html.ts';
import { htmlBytes } from '../../../render/html.ts';

/** What a quiz request adds to the attempt's own state: a reading, a banner, the parts to confirm. */
export interface QuizPageExtras {
  checks?: Record<string, AnswerCheck>;
  /** What this request carried, over the stored draft. */
  typed?: Record<string, string>;
  banner?: { text: string; kind: 'info' | 'error' };
  confirm?: AnswerIssue[];
}

/**
 * The learner's page as the activity's settings let them see it now: the attempt, what they typed,
 * feedback and solutions only as the feedback mode allows, and the banners that say why not.
 */
export function quizPageModel(
  launch: Pick<Launch, 'settings' | 'lang' | 'identity'>,
  state: AttemptState,
  session: string,
  extras: QuizPageExtras = {},
  now = new Date(),
): QuizPageModel {
  const { settings, lang } = launch;
  const { latest, due, showFeedback, showSolutions, open, canRetry } = whatTheLearnerSees(settings, state, now);
  const typed: Record<string, string> = { ...(state.attempt.draft ?? {}) };
  if (latest) for (const part of latest.parts) typed[answerField(part.problemIndex, part.partKey)] = part.raw;
  Object.assign(typed, extras.typed ?? {});
  const feedback = showFeedback && latest ? feedbackFromSubmission(latest, state) : undefined;
  const banners: QuizPageModel['banners'] = [];
  if (extras.banner) banners.push(extras.banner);
  if (latest && !showFeedback)
    banners.push({
      text: settings.feedbackMode === 'never' ? t('feedbackNever', lang) : t('feedbackLater', lang),
      kind: 'info',
    });
  if (!open && state.attempt.status === 'open') banners.push({ text: t('closed', lang), kind: 'info' });
  if (!canRetry && state.attempt.status !== 'open' && settings.attemptsAllowed !== null)
    banners.push({ text: t('noAttemptsLeft', lang), kind: 'info' });
  return {
    lang,
    title: launch.identity.resourceTitle || settings.title,
    session,
    header: attemptHeaderOf(settings, state, due),
    ...(state.attempt.deadlineAt && open ? { deadlineAt: new Date(state.attempt.deadlineAt) } : {}),
    now,
    problems: state.problems,
    typed,
    ...(extras.checks ? { checks: extras.checks } : {}),
    ...(extras.confirm ? { confirm: extras.confirm } : {}),
    ...(feedback ? { feedback } : {}),
    showSolutions,
    ...(latest && showFeedback ? { summary: latest } : {}),
    canSubmit: open,
    canStartNewAttempt: canRetry,
    // A fresh key per page: a submit retried from this page is recognised as the same submit.
    idempotencyKey: randomUUID(),
    banners,
    chooseLanguage: canChooseLanguage(launch),
  };
}

/** Answers a quiz request with the learner's page. */
export function sendQuizPage(res: Response, launch: Launch, state: AttemptState, extras: QuizPageExtras = {}): void {
  res.type('html').send(htmlBytes(renderQuizPage(quizPageModel(launch, state, String(res.locals.session), extras))));
}

/** A timed activity before its clock runs: what the exam is, and the Start button. */
export function sendStartPage(res: Response, launch: Launch, start: ExamStart): void {
  const { settings, lang } = launch;
  res.type('html').send(
    renderStartPage({
      lang,
      title: launch.identity.resourceTitle || settings.title,
      session: String(res.locals.session),
      problems: settings.templates.length,
      points: settings.points.reduce((sum, p) => sum + p, 0),
      minutes: start.minutes,
      extraMinutes: start.extraMinutes,
      attemptNumber: start.attemptNumber,
      attemptsAllowed: settings.attemptsAllowed,
      chooseLanguage: canChooseLanguage(launch),
      ...(settings.dueAt ? { dueAt: new Date(settings.dueAt) } : {}),
    }),
  );
}
