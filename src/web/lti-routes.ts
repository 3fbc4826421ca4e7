import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { getTemplate, TEMPLATE_IDS } from '../../templates/index.ts';
import { settingsFromCustom, settingsToCustom, type ActivitySettings } from '../activity/activity-settings.ts';
import { answerField, isPastDeadline, loadProblems, openCurrentAttempt, saveAttemptDraft, startNextAttempt, submitAttempt, type AttemptState } from '../activity/attempt-service.ts';
import { identityFromToken, resourceLinkKey, type LaunchIdentity } from '../activity/launch-identity.ts';
import { parseAnswer } from '../answers/index.ts';
import type { AppConfig } from '../config.ts';
import { generateVariant } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import type { ParsedEcho, PartResult } from '../grading/grade-submission.ts';
import type { LtiIdToken, LtiProvider } from '../lti/ltijs.ts';
import { LTI_ROUTES } from '../lti/setup-provider.ts';
import type { Models } from '../store/models/index.ts';
import { resendGradeSync, selectGradeSyncForResourceLink } from '../store/repositories/grade-sync.ts';
import { selectAttemptsForResourceLink } from '../store/repositories/attempts.ts';
import { selectSubmissionsForResourceLink } from '../store/repositories/submissions.ts';
import { gradesCsv } from './grades-csv.ts';
import { recordManualGrade } from '../store/repositories/manual-grades.ts';
import { assembleExam } from '../exam/assemble-exam.ts';
import { examArchive } from '../exam/exam-archive.ts';
import { renderVariantHtml } from '../exam/render-exam-html.ts';
import { Types } from 'mongoose';
import { readExamForm, renderExamFormPage } from './pages/exam-form-page.ts';
import { checkDeployment } from '../store/repositories/platform-deployments.ts';
import { requeueGradeSync, selectLatestScores } from '../store/repositories/latest-scores.ts';
import { reconcileScores, type LmsResult } from '../activity/reconcile-scores.ts';
import { renderReconcilePage } from './pages/reconcile-page.ts';
import { errorPage } from './pages/layout.ts';
import { langFromLocale, t } from './i18n.ts';
import { renderDeepLinkPage } from './pages/deep-link-page.ts';
import { renderResultsPage } from './pages/results-page.ts';
import { renderPreviewPage } from './pages/preview-page.ts';
import { renderQuizPage } from './pages/quiz-page.ts';
import { BadRequestError, readAnswerFields, readIdempotencyKey } from './read-answer-fields.ts';
import { readSettingsForm } from './read-settings-form.ts';

export interface LtiRouteDeps {
  config: AppConfig;
  lti: LtiProvider;
  models: Models;
  seedSecret: string;
  log: (line: string) => void;
}

interface Launch {
  identity: LaunchIdentity;
  settings: ActivitySettings;
  lang: Lang;
  ltik: string;
}

/** Identity and settings come only from the verified launch ltijs put on res.locals. */
function launchOf(res: Response): Launch {
  const token = res.locals.token as LtiIdToken | undefined;
  if (!token) throw new BadRequestError(403, 'No LTI session: open the activity from your course.');
  const identity = identityFromToken(token);
  const settings = settingsFromCustom(identity.custom);
  const lang = settings.language === 'auto' ? langFromLocale(identity.locale) : settings.language;
  return { identity, settings, lang, ltik: String(res.locals.ltik ?? '') };
}

function requireStaff(launch: Launch): void {
  if (!launch.identity.isStaff) throw new BadRequestError(403, 'This page is for instructors of the course.');
}

export function buildLtiRoutes({ config, lti, models, seedSecret, log }: LtiRouteDeps): Router {
  const refuseUnknownDeployment = async (token: LtiIdToken, res: Response): Promise<boolean> => {
    if ((await checkDeployment(models, token.iss, token.clientId, token.deploymentId)) !== 'unknown') return false;
    res.status(403).type('html').send(errorPage(403, `deployment_id: "${token.deploymentId}" is not a deployment registered for this LMS. Ask the LMS administrator to register it with the tool.`));
    return true;
  };

  lti.onConnect(async (token, _req, res) => {
    if (await refuseUnknownDeployment(token, res)) return;
    const identity = identityFromToken(token);
    await models.ActivitySettings.updateOne(
      resourceLinkKey(identity),
      { $set: { settings: settingsFromCustom(identity.custom), clientId: identity.clientId, title: identity.resourceTitle, ...(identity.lineItemUrl ? { lineItemUrl: identity.lineItemUrl } : {}) } },
      { upsert: true },
    );
    await lti.redirect(res, identity.isStaff ? '/instructor' : '/quiz');
  });
  lti.onDeepLinking(async (token, _req, res) => {
    if (await refuseUnknownDeployment(token, res)) return;
    await lti.redirect(res, '/instructor/deep-link');
  });

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
    const latest = state.submissions[state.submissions.length - 1];
    const due = settings.dueAt ? new Date(settings.dueAt) : undefined;
    const afterDue = due ? now > due : false;
    const showFeedback = latest !== undefined && (settings.feedbackMode === 'immediate' || (settings.feedbackMode === 'afterDue' && afterDue));
    const showSolutions = latest !== undefined && (settings.showSolutions === 'afterSubmit' || (settings.showSolutions === 'afterDue' && afterDue));
    const open = state.attempt.status === 'open' && !isPastDeadline(state.attempt, now);
    const canRetry = state.attempt.status !== 'open' && (settings.attemptsAllowed === null || state.attemptsUsed < settings.attemptsAllowed);
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
    await submitAttempt(models, state, launch.identity, launch.settings, state.attempt.draft ?? {}, `deadline-${state.attempt._id.toHexString()}`, launch.lang, new Date(), true);
    return openCurrentAttempt(models, seedSecret, launch.identity, launch.settings);
  };

  router.get('/quiz', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    const state = await closeIfExpired(launch, await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings));
    renderAttempt(res, launch, state);
  });

  router.post('/quiz', submitLimiter, async (req: Request, res: Response) => {
    const launch = launchOf(res);
    const action = String((req.body as Record<string, unknown>)?.action ?? 'check');
    let state = await closeIfExpired(launch, await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings));
    if (action === 'new-attempt') {
      state = await startNextAttempt(models, seedSecret, launch.identity, launch.settings);
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
      state = await openCurrentAttempt(models, seedSecret, launch.identity, launch.settings);
      renderAttempt(res, launch, state, { banner: { text: result.duplicate ? t('duplicate', launch.lang) : t('submitted', launch.lang), kind: 'info' } });
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

  router.get('/instructor', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    res.type('html').send(await renderResultsPage({ models, identity: launch.identity, ltik: launch.ltik, lang: launch.lang }));
  });

  router.post('/instructor/resend', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const ok = await resendGradeSync(models, String((req.body as Record<string, unknown>)?.id ?? ''), launch.identity.resourceLinkId);
    if (!ok) throw new BadRequestError(404, 'id: no grade record of this activity with that id can be resent');
    await lti.redirect(res, '/instructor');
  });

  const reconcile = async (launch: Launch, token: LtiIdToken) => {
    const settingsDoc = await models.ActivitySettings.findOne(resourceLinkKey(launch.identity)).lean();
    const lineItemUrl = launch.identity.lineItemUrl ?? settingsDoc?.lineItemUrl;
    if (!lineItemUrl) throw new BadRequestError(409, 'This activity has no gradebook column (no AGS line item) to compare with.');
    const [tool, lms] = await Promise.all([selectLatestScores(models, launch.identity.resourceLinkId), lti.Grade.getScores(token, lineItemUrl)]);
    return reconcileScores(tool, lms.scores as LmsResult[]);
  };

  router.get('/instructor/reconcile', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    res.type('html').send(renderReconcilePage(await reconcile(launch, res.locals.token as LtiIdToken), launch.ltik, launch.lang));
  });

  router.post('/instructor/reconcile', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const rows = await reconcile(launch, res.locals.token as LtiIdToken);
    await requeueGradeSync(models, launch.identity.resourceLinkId, rows.filter((r) => r.differs).map((r) => r.syncId));
    await lti.redirect(res, '/instructor');
  });

  router.post('/instructor/manual-grade', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const score = Number(body.score);
    if (!(score >= 0 && score <= 1)) throw new BadRequestError(422, 'score: a number from 0 to 1');
    const submission = await models.Submission.findOne({ _id: String(body.submissionId ?? '') }).lean().catch(() => null);
    const attempt = submission ? await models.Attempt.findById(submission.attemptId).lean() : null;
    const graded = await recordManualGrade(models, {
      unsafeSubmissionId: String(body.submissionId ?? ''),
      resourceLinkId: launch.identity.resourceLinkId,
      problemIndex: Number(body.problemIndex),
      partKey: String(body.partKey ?? ''),
      score,
      problemPoints: attempt?.problems.map((p) => p.points) ?? [],
    });
    if (!graded) throw new BadRequestError(404, 'submissionId, problemIndex, partKey: no free-text answer of this activity awaits that grade');
    await lti.redirect(res, '/instructor');
  });

  // Paper and online from one source: any learner's attempt prints as an exam sheet with its key.
  router.get('/instructor/print', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const unsafeId = String(req.query.attempt ?? '');
    const attempt = Types.ObjectId.isValid(unsafeId) ? await models.Attempt.findOne({ _id: new Types.ObjectId(unsafeId), ...resourceLinkKey(launch.identity) }).lean() : null;
    if (!attempt) throw new BadRequestError(404, 'attempt: no attempt of this activity with that id');
    const sheet = { label: `${attempt.userName || attempt.userId} #${attempt.attemptNumber}`, problems: loadProblems(attempt) };
    res.type('html').send(renderVariantHtml(sheet, launch.lang, "@import url('/assets/katex/katex.min.css');", req.query.key === '1'));
  });

  router.get('/instructor/export.csv', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const [attempts, submissions, syncs] = await Promise.all([
      selectAttemptsForResourceLink(models, resourceLinkKey(launch.identity)),
      selectSubmissionsForResourceLink(models, launch.identity.resourceLinkId),
      selectGradeSyncForResourceLink(models, launch.identity.resourceLinkId),
    ]);
    res.attachment(`grades-${launch.identity.resourceLinkId}.csv`).type('text/csv; charset=utf-8').send(gradesCsv(attempts, submissions, syncs));
  });

  router.get('/instructor/exam', (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    res.type('html').send(renderExamFormPage(launch.ltik, launch.lang));
  });

  router.post('/instructor/exam', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const request = readExamForm(req.body, launch.lang);
    const exam = assembleExam(request);
    await models.GeneratedExam.create({
      examSeed: request.examSeed,
      labels: exam.variants.map((v) => v.label),
      templateIds: request.problems,
      templateVersions: exam.variants[0]?.problems.map((p) => p.variant.templateVersion) ?? [],
      lang: request.lang,
      points: request.points,
      createdBy: launch.identity.userId,
      contextId: launch.identity.contextId,
      createdAt: new Date(),
    });
    res.attachment(`exam-${request.examSeed.replace(/[^A-Za-z0-9_-]+/g, '-')}.zip`).type('application/zip').send(examArchive(exam));
  });

  router.get('/instructor/preview', (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const templateId = String(req.query.template ?? TEMPLATE_IDS[0]);
    const template = getTemplate(templateId);
    if (!template) throw new BadRequestError(400, `template: must be one of ${TEMPLATE_IDS.join(', ')}`);
    const seed = String(req.query.seed ?? 'preview').slice(0, 200) || 'preview';
    const lang: Lang = req.query.lang === 'cs' ? 'cs' : req.query.lang === 'en' ? 'en' : launch.lang;
    res.type('html').send(renderPreviewPage({ ltik: launch.ltik, lang, templateId, seed, template, variant: generateVariant(template, seed) }));
  });

  router.get('/instructor/deep-link', (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    res.type('html').send(renderDeepLinkPage(launch.ltik, launch.lang));
  });

  router.post('/instructor/deep-link', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    let settings: ActivitySettings;
    try {
      settings = readSettingsForm(req.body);
    } catch (error) {
      if (error instanceof BadRequestError) {
        res.status(error.status).type('html').send(renderDeepLinkPage(launch.ltik, launch.lang, error.message));
        return;
      }
      throw error;
    }
    const scoreMaximum = settings.points.reduce((a, b) => a + b, 0);
    const form = await lti.DeepLinking.createDeepLinkingForm(
      res.locals.token as LtiIdToken,
      [
        {
          type: 'ltiResourceLink',
          title: settings.title,
          url: `${config.baseUrl}${LTI_ROUTES.launch}`,
          custom: settingsToCustom(settings),
          lineItem: { scoreMaximum, label: settings.title, resourceId: 'exam-variants' },
        },
      ],
      { message: `Added "${settings.title}"` },
    );
    log(`deep linking: ${launch.identity.userId} added "${settings.title}" (${settings.templates.join(', ')})`);
    res.type('html').send(form);
  });

  return router;
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
