import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { answerField, isPastDeadline, openCurrentAttempt, saveAttemptDraft, startNextAttempt, submitAttempt, type AttemptState } from '../activity/attempt-service.ts';
import { parseAnswer } from '../answers/index.ts';
import type { ParsedEcho, PartResult } from '../grading/grade-submission.ts';
import type { LtiIdToken } from '../lti/ltijs.ts';
import type { ActivitySettings } from '../activity/activity-settings.ts';
import type { Lang } from '../engine/template.ts';
import { t } from './i18n.ts';
import { renderFeedback, renderQuizPage } from './pages/quiz-page.ts';
import { readAnswerFields, readIdempotencyKey } from './read-answer-fields.ts';

import { launchOf, type Launch, type LtiRouteDeps } from './launch-context.ts';

/** The learner's page: open the current attempt, check how answers are read, submit. */
export function quizRoutes({ models, seedSecret }: LtiRouteDeps): Router {
  const router = express.Router();
  // Per learner, not per IP: a whole class may sit behind one NAT.
  const submitLimiter = rateLimit({
    windowMs: 60_000,
    limit: 60,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => String((res.locals.token as LtiIdToken | undefined)?.user ?? 'anonymous'),
    handler: (_req, res) => {
      res.status(429).type('html').send('Too many submissions in a minute; wait a moment and try again.');
    },
  });

  const renderAttempt = (res: Response, launch: Launch, state: AttemptState, extra: { checks?: Record<string, ParsedEcho>; typed?: Record<string, string>; banner?: { text: string; kind: 'info' | 'error' } } = {}) => {
    const now = new Date();
    const { settings, lang } = launch;
    const { latest, due, showFeedback, showSolutions, open, canRetry } = whatTheLearnerSees(settings, state, now);
    const typed: Record<string, string> = { ...(state.attempt.draft ?? {}) };
    if (latest) for (const part of latest.parts) typed[answerField(part.problemIndex, part.partKey)] = part.raw;
    Object.assign(typed, extra.typed ?? {});
    const feedback = showFeedback && latest ? feedbackFromSubmission(latest, state) : undefined;
    const banners: Array<{ text: string; kind: 'info' | 'error' }> = [];
    if (extra.banner) banners.push(extra.banner);
    if (latest && !showFeedback) banners.push({ text: settings.feedbackMode === 'never' ? t('feedbackNever', lang) : t('feedbackLater', lang), kind: 'info' });
    if (!open && state.attempt.status === 'open') banners.push({ text: t('closed', lang), kind: 'info' });
    if (!canRetry && state.attempt.status !== 'open' && settings.attemptsAllowed !== null) banners.push({ text: t('noAttemptsLeft', lang), kind: 'info' });
    res.type('html').send(
      renderQuizPage({
        lang,
        title: launch.identity.resourceTitle || settings.title,
        ltik: launch.ltik,
        attemptNumber: state.attempt.attemptNumber,
        attemptsAllowed: settings.attemptsAllowed,
        attemptsUsed: state.attemptsUsed,
        ...(due ? { dueAt: due } : {}),
        ...(state.attempt.deadlineAt && open ? { deadlineAt: new Date(state.attempt.deadlineAt) } : {}),
        now,
        problems: state.problems,
        typed,
        ...(extra.checks ? { checks: extra.checks } : {}),
        ...(feedback ? { feedback } : {}),
        showSolutions,
        ...(latest && showFeedback ? { totalScore: latest.scoreFraction, pendingManual: latest.pendingManual } : {}),
        canSubmit: open,
        canStartNewAttempt: canRetry,
        idempotencyKey: randomUUID(),
        banners,
      }),
    );
  };

  /** Time is counted on the server: an attempt past its deadline is graded with what was saved. */
  const closeIfExpired = async (launch: Launch, state: AttemptState): Promise<AttemptState> => {
    if (state.attempt.status !== 'open' || !isPastDeadline(state.attempt, new Date())) return state;
    const result = await submitAttempt(models, state, launch.identity, launch.settings, state.attempt.draft ?? {}, `deadline-${state.attempt._id.toHexString()}`, launch.lang, new Date(), true);
    return result.after ?? openCurrentAttempt(models, seedSecret, launch.identity, launch.settings);
  };

  router.get('/quiz', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    const state = await closeIfExpired(launch, await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings));
    renderAttempt(res, launch, state);
  });

  // Autosave sends a request every few seconds of typing: it has its own, wider limit.
  const saveLimiter = rateLimit({
    windowMs: 60_000,
    limit: 240,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => String((res.locals.token as LtiIdToken | undefined)?.user ?? 'anonymous'),
    handler: (_req, res) => {
      res.status(429).json({ saved: false, error: 'Too many saves in a minute.' });
    },
  });
  const limiterFor = (req: Request, res: Response, next: (error?: unknown) => void) =>
    (String((req.body as Record<string, unknown>)?.action ?? '') === 'save' ? saveLimiter : submitLimiter)(req, res, next);

  router.post('/quiz', limiterFor, async (req: Request, res: Response) => {
    const launch = launchOf(res);
    const action = String((req.body as Record<string, unknown>)?.action ?? 'check');
    let state = await closeIfExpired(launch, await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings));
    if (action === 'new-attempt') {
      state = await startNextAttempt(models, seedSecret, launch.identity, launch.settings, state);
      renderAttempt(res, launch, state);
      return;
    }
    const typed = readAnswerFields(req.body, state.problems.map((p) => p.variant));
    if (state.attempt.status !== 'open') {
      res.status(409);
      renderAttempt(res, launch, state, { banner: { text: t('closed', launch.lang), kind: 'error' } });
      return;
    }
    if (action === 'submit') {
      const key = readIdempotencyKey(req.body);
      const result = await submitAttempt(models, state, launch.identity, launch.settings, typed, key, launch.lang);
      state = result.after ?? (await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings));
      // The page's script asks for JSON: the feedback without redrawing the page (and its math).
      if (req.accepts(['html', 'json']) === 'json') {
        res.json(submissionJson(launch.settings, state, result.duplicate, t(result.duplicate ? 'duplicate' : 'submitted', launch.lang), launch.lang));
        return;
      }
      renderAttempt(res, launch, state, { banner: { text: result.duplicate ? t('duplicate', launch.lang) : t('submitted', launch.lang), kind: 'info' } });
      return;
    }
    // "save": the page's script keeps the draft as the student types, so a closed tab, a lost
    // connection or the end of the time loses nothing (when time is up, the saved draft is graded).
    if (action === 'save') {
      await saveAttemptDraft(models, state.attempt._id, typed);
      res.json({ saved: true, savedAt: new Date().toISOString() });
      return;
    }
    // "check": how each answer is read, and the draft is saved (nothing a student typed is dropped).
    await saveAttemptDraft(models, state.attempt._id, typed);
    const checks: Record<string, ParsedEcho> = {};
    state.problems.forEach((p, i) => {
      for (const part of p.variant.parts) {
        const name = answerField(i, part.key);
        const raw = typed[name] ?? '';
        if (raw.trim() === '' || part.type === 'freeText') continue;
        const parsed = parseAnswer(raw, part.type, part.options ? { choiceIds: part.options.map((o) => o.letter) } : {});
        checks[name] = parsed.ok ? { ok: true, echo: parsed.echo } : { ok: false, error: parsed.error };
      }
    });
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ checks });
      return;
    }
    renderAttempt(res, launch, { ...state, attempt: { ...state.attempt, draft: typed } }, { checks, typed });
  });

  return router;
}

/** What the activity's settings let the learner see of their state now. */
function whatTheLearnerSees(settings: ActivitySettings, state: AttemptState, now: Date) {
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
function submissionJson(settings: ActivitySettings, state: AttemptState, duplicate: boolean, message: string, lang: Lang) {
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
          summary: `${t('score', lang)}: ${Math.round(latest.scoreFraction * 1000) / 10} %${latest.pendingManual ? ` · ${t('pendingManual', lang)}` : ''}`,
          parts: feedback.flatMap((byKey, problemIndex) =>
            Object.values(byKey).map((g) => ({ field: answerField(problemIndex, g.key), score: g.score, points: g.points, maxPoints: g.maxPoints, correct: g.correct, pendingManual: g.pendingManual, feedbackHtml: renderFeedback(g) })),
          ),
        }
      : {}),
  };
}

function feedbackFromSubmission(submission: { parts: Array<{ problemIndex: number; partKey: string; raw: string; parsed: { ok: boolean; echo?: string; error?: string }; score: number; points: number; maxPoints: number; feedback: string; pendingManual: boolean; mistake?: string; followThrough?: boolean }> }, state: AttemptState): Array<Record<string, PartResult>> {
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
