import express, { type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import {
  answerField,
  findCurrentAttempt,
  finishSubmit,
  startEarlyReads,
  startTimedAttempt,
  openCurrentAttempt,
  saveAttemptDraft,
  startNextAttempt,
  submitAttempt,
  type AttemptState,
} from '../activity/attempt-service.ts';
import { answerIssues } from '../activity/answer-issues.ts';
import { checkAnswers } from './answer-checks.ts';
import { t } from './i18n.ts';
import { errorPage } from './components/layout.html.ts';
import { responseLang, serverMessageText } from './server-message-text.ts';
import { renderConfirmSection } from './pages/quiz/quiz.html.ts';
import { sendQuizPage, sendStartPage } from './pages/quiz/quiz.ts';
import { StartFormSchema } from './forms/start-form.ts';
import { submissionJson } from './learner-view.ts';
import { QuizActionSchema, readAnswerFields, readIdempotencyKey } from './forms/quiz-form.ts';
import { parseBody } from './parse-body.ts';

import { launchOf, type LtiRouteDeps } from './launch-context.ts';
import { learnerQuiz } from './open-quiz.ts';
import { learnerSessionAuth } from './learner-session-auth.ts';
import { chosenLanguage, isLanguageSwitch } from './chosen-language.ts';
import { deploymentGuard } from './deployment-guard.ts';

/** At most `limit` requests a minute per learner, not per IP: a whole class may sit behind one NAT. */
function perLearnerLimit(limit: number, refuse: (req: Request, res: Response) => void) {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => res.locals.launch?.identity.userId ?? 'anonymous',
    handler: (req, res) => refuse(req, res),
  });
}

/** The learner's page: open the current attempt, check how answers are read, submit. */
export function quizRoutes({ config, models, seedSecret, sessionKey, ltiKey }: LtiRouteDeps): Router {
  const router = express.Router();
  router.use(
    '/quiz',
    learnerSessionAuth({ key: sessionKey, ltiKey, requirePlatformCookie: config.crossSiteCookies }),
    deploymentGuard(models),
    chosenLanguage,
  );
  const submitLimiter = perLearnerLimit(60, (req, res) => {
    const lang = responseLang(req, res);
    const message = serverMessageText('Too many submissions in a minute; wait a moment and try again.', lang);
    if (req.accepts(['html', 'json']) === 'json') res.status(429).json({ error: message, status: 429 });
    else
      res
        .status(429)
        .type('html')
        .send(errorPage(429, message, lang));
  });
  // Autosave sends a request every few seconds of typing: it has its own, wider limit.
  const saveLimiter = perLearnerLimit(240, (req, res) =>
    res
      .status(429)
      .json({ saved: false, error: serverMessageText('Too many saves in a minute.', responseLang(req, res)) }),
  );
  const limiterFor = (req: Request, res: Response, next: (error?: unknown) => void) =>
    (req.body?.action === 'save' ? saveLimiter : submitLimiter)(req, res, next);

  const { closeIfExpired, openOrStart, sendOpened } = learnerQuiz({ models, seedSecret });

  router.get('/quiz', async (_req: Request, res: Response) => {
    await sendOpened(res, launchOf(res));
  });

  router.post('/quiz', limiterFor, async (req: Request, res: Response) => {
    const launch = launchOf(res);
    const { action } = parseBody(QuizActionSchema, req);
    if (action === 'start') {
      // The clock starts here, not when the activity was opened.
      const { attemptNumber } = parseBody(StartFormSchema, req);
      const found = await findCurrentAttempt(models, launch.identity);
      const current = found && (await closeIfExpired(launch, found));
      const started = await startTimedAttempt(
        models,
        seedSecret,
        launch.identity,
        launch.settings,
        current,
        attemptNumber,
      );
      sendQuizPage(res, launch, started);
      return;
    }
    // Read alongside the learner's attempts, not after them.
    const early = startEarlyReads(models, launch.identity, {
      submitting: action === 'submit' || action === 'submit-confirmed',
    });
    const opened = await openOrStart(launch, action === 'new-attempt', early);
    if (opened.start) {
      // A save or check from a page whose attempt has not started (or was replaced): nothing to store it in.
      if (req.accepts(['html', 'json']) === 'json')
        res.status(409).json({ stored: false, saved: false, error: t('notStarted', launch.lang) });
      else sendStartPage(res, launch, opened.start);
      return;
    }
    let state = opened.state;
    // The language switch: the same page in the other language, with what was typed kept (and
    // saved while the attempt is open); nothing is checked or graded.
    if (isLanguageSwitch(req)) {
      if (state.attempt.status !== 'open') return sendQuizPage(res, launch, state);
      const typed = readAnswerFields(
        req,
        state.problems.map((p) => p.variant),
      );
      await saveAttemptDraft(models, state.attempt._id, typed, launch.lang);
      sendQuizPage(res, launch, { ...state, attempt: { ...state.attempt, draft: typed } }, { typed });
      return;
    }
    if (action === 'open') {
      sendQuizPage(res, launch, state);
      return;
    }
    if (action === 'new-attempt') {
      state = await startNextAttempt(models, seedSecret, launch.identity, launch.settings, state);
      sendQuizPage(res, launch, state);
      return;
    }
    const typed = readAnswerFields(
      req,
      state.problems.map((p) => p.variant),
    );
    // 'submit-confirmed': the second press, after the summary of blank or unreadable parts.
    const submitting = action === 'submit' || action === 'submit-confirmed';
    // A retried submit whose first try was stored (its answer was lost on the way): the same key
    // finds it, and the learner is told it arrived rather than that the attempt is closed.
    if (submitting && state.attempt.status !== 'open') {
      const key = readIdempotencyKey(req);
      const stored = state.submissions.find((s) => s.idempotencyKey === key);
      if (stored) {
        // The first try may have closed the attempt and not queued the score (finishSubmit).
        await finishSubmit(models, state.attempt, stored);
        const message = t('duplicate', launch.lang);
        if (req.accepts(['html', 'json']) === 'json')
          res.json(submissionJson(launch.settings, state, true, message, launch.lang));
        else sendQuizPage(res, launch, state, { banner: { text: message, kind: 'info' } });
        return;
      }
    }
    const refuseAsClosed = (closed: AttemptState): void => {
      res.status(409);
      // The page's script asked for JSON: it gets JSON, which it can show, never an HTML page.
      if (req.accepts(['html', 'json']) === 'json')
        res.json({
          ...submissionJson(launch.settings, closed, false, t('closed', launch.lang), launch.lang),
          stored: false,
          error: t('closed', launch.lang),
        });
      else sendQuizPage(res, launch, closed, { banner: { text: t('closed', launch.lang), kind: 'error' } });
    };
    if (state.attempt.status !== 'open') return refuseAsClosed(state);
    if (submitting) {
      // Validation before grading: blank or unreadable parts are shown to the student, who fixes
      // them or confirms; only then is anything graded (the second press sends 'submit-confirmed').
      const issues =
        action === 'submit' ? answerIssues(state.problems, (i, k) => typed[answerField(i, k)] ?? '', launch.lang) : [];
      if (issues.length > 0) {
        await saveAttemptDraft(models, state.attempt._id, typed, launch.lang);
        const checks = checkAnswers(state.problems, typed, launch.lang);
        if (req.accepts(['html', 'json']) === 'json') {
          res.json({
            needsConfirm: true,
            checks,
            confirmHtml: renderConfirmSection(issues, state.problems, launch.lang),
          });
          return;
        }
        sendQuizPage(
          res,
          launch,
          { ...state, attempt: { ...state.attempt, draft: typed } },
          { checks, typed, confirm: issues },
        );
        return;
      }
      const key = readIdempotencyKey(req);
      const result = await submitAttempt(models, state, launch.identity, launch.settings, typed, key, launch.lang, {
        ...(early.regradeRules ? { regradeRules: early.regradeRules } : {}),
      });
      state = result.after ?? (await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings));
      // Another tab, the clock or an interrupted submit handed the attempt in first.
      if (result.refused) return refuseAsClosed(state);
      // The page's script asks for JSON: the feedback without redrawing the page (and its math).
      if (req.accepts(['html', 'json']) === 'json') {
        res.json(
          submissionJson(
            launch.settings,
            state,
            result.duplicate,
            t(result.duplicate ? 'duplicate' : 'submitted', launch.lang),
            launch.lang,
          ),
        );
        return;
      }
      sendQuizPage(res, launch, state, {
        banner: { text: result.duplicate ? t('duplicate', launch.lang) : t('submitted', launch.lang), kind: 'info' },
      });
      return;
    }
    // "save": the page's script keeps the draft as the student types, so a closed tab, a lost
    // connection or the end of the time loses nothing (when time is up, the saved draft is graded).
    if (action === 'save') {
      await saveAttemptDraft(models, state.attempt._id, typed, launch.lang);
      res.json({ saved: true, savedAt: new Date().toISOString() });
      return;
    }
    // "check": how each answer is read, and the draft is saved (nothing a student typed is dropped).
    await saveAttemptDraft(models, state.attempt._id, typed, launch.lang);
    const checks = checkAnswers(state.problems, typed, launch.lang);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ checks });
      return;
    }
    sendQuizPage(res, launch, { ...state, attempt: { ...state.attempt, draft: typed } }, { checks, typed });
  });

  return router;
}
