import type { Response } from 'express';
import {
  createFirstAttempt,
  deadlineIdempotencyKey,
  examStartOf,
  findCurrentAttempt,
  isPastDeadline,
  openCurrentAttempt,
  submitAttempt,
  type AttemptState,
  type EarlyReads,
  type ExamStart,
} from '../activity/attempt-service.ts';
import type { Models } from '../store/models/index.ts';
import type { Launch } from './launch-context.ts';
import { sendQuizPage, sendStartPage } from './pages/quiz/quiz.ts';

/** What opening the learner's quiz finds: the current attempt, or a timed activity's start page. */
export type OpenedQuiz = { state: AttemptState; start?: undefined } | { start: ExamStart; state?: undefined };

export interface LearnerQuiz {
  /** Time is counted on the server: an attempt past its deadline is graded with what was saved. */
  closeIfExpired: (launch: Launch, state: AttemptState) => Promise<AttemptState>;
  /**
   * The learner's current attempt, closed first if its time is up; or, for a timed activity whose
   * clock has not started (no attempt yet, or another asked for), the start page's facts.
   */
  openOrStart: (launch: Launch, wantsNext: boolean, early?: EarlyReads) => Promise<OpenedQuiz>;
  /** Answers with the page opening shows: the attempt, or the start page (res.locals.session set). */
  sendOpened: (res: Response, launch: Launch) => Promise<void>;
}

/** Opening the learner's quiz, shared by the launch (which answers with the page) and /quiz. */
export function learnerQuiz({ models, seedSecret }: { models: Models; seedSecret: string }): LearnerQuiz {
  const closeIfExpired = async (launch: Launch, state: AttemptState): Promise<AttemptState> => {
    if (state.attempt.status !== 'open' || !isPastDeadline(state.attempt, new Date())) return state;
    const result = await submitAttempt(
      models,
      state,
      launch.identity,
      launch.settings,
      state.attempt.draft ?? {},
      deadlineIdempotencyKey(state.attempt._id),
      launch.lang,
      { auto: true },
    );
    return result.after ?? openCurrentAttempt(models, seedSecret, launch.identity, launch.settings);
  };

  const openOrStart = async (launch: Launch, wantsNext: boolean, early?: EarlyReads): Promise<OpenedQuiz> => {
    const found = await findCurrentAttempt(models, launch.identity, early);
    const current = found && (await closeIfExpired(launch, found));
    const start = await examStartOf(models, launch.identity, launch.settings, current, wantsNext);
    if (start) return { start };
    // No attempt found: the first is made without looking for one again.
    return { state: current ?? (await createFirstAttempt(models, seedSecret, launch.identity, launch.settings)) };
  };

  return {
    closeIfExpired,
    openOrStart,
    sendOpened: async (res, launch) => {
      const opened = await openOrStart(launch, false);
      if (opened.start) sendStartPage(res, launch, opened.start);
      else sendQuizPage(res, launch, opened.state);
    },
  };
}
