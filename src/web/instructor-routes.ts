import express, { type Request, type Response, type Router } from 'express';
import { getTemplate, isTemplateId, TEMPLATE_IDS } from '../../templates/index.ts';
import { settingsToCustom, templateVersionIn, type ActivitySettings } from '../activity/activity-settings.ts';
import { loadProblems } from '../activity/attempt-service.ts';
import { activityKeyOf } from '../activity/launch-identity.ts';
import { generateVariant } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import type { LtiIdToken } from '../lti/ltijs.ts';
import { LTI_ROUTES } from '../lti/setup-provider.ts';
import { selectGradeSyncOfActivity } from '../store/repositories/grade-sync.ts';
import { resendStudentScore, resendToolScores, selectToolScores } from '../activity/resend-scores.ts';
import { selectAttemptOfActivity, selectAttemptsOfActivity } from '../store/repositories/attempts.ts';
import { selectSubmissionsForAttempt, selectSubmissionsOfActivity } from '../store/repositories/submissions.ts';
import { gradesCsv } from './grades-csv.ts';
import { gradeByHand } from '../activity/manual-grading.ts';
import { assembleExam } from '../exam/assemble-exam.ts';
import { selectGeneratedExamBySeed } from '../store/repositories/generated-exams.ts';
import { examArchive } from '../exam/exam-archive.ts';
import { renderVariantHtml } from '../exam/render-exam-html.ts';
import { readExamForm, renderExamFormPage } from './pages/exam-form-page.ts';
import { reconcileScores, type LmsResult } from '../activity/reconcile-scores.ts';
import { renderReconcilePage } from './pages/reconcile-page.ts';
import { renderDeepLinkPage } from './pages/deep-link-page.ts';
import { renderResultsPage } from './pages/results-page.ts';
import { readCourseRoster } from '../lti/course-roster.ts';
import { renderPreviewPage } from './pages/preview-page.ts';
import { HttpError } from './http-error.ts';
import { readSettingsForm } from './read-settings-form.ts';

import { launchOf, requireStaff, type Launch, type LtiRouteDeps } from './launch-context.ts';
import { applyRegrade, describeRule, previewRegrade, type RegradeRule } from '../activity/regrade.ts';
import { renderRegradePage } from './pages/regrade-page.ts';
import { renderAttemptDetailPage } from './pages/attempt-detail-page.ts';

/** Everything an instructor reaches from the LMS launch; every route checks the staff role. */
export function instructorRoutes({ config, lti, models, log }: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/instructor', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const roster = readCourseRoster(lti, res.locals.token as LtiIdToken);
    res.type('html').send(
      await renderResultsPage({
        models,
        identity: launch.identity,
        ltik: launch.ltik,
        lang: launch.lang,
        settings: launch.settings,
        roster,
      }),
    );
  });

  router.post('/instructor/resend', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const ok = await resendStudentScore(
      models,
      activityKeyOf(launch.identity),
      launch.settings,
      String((req.body as Record<string, unknown>)?.id ?? ''),
    );
    if (!ok) throw new HttpError(404, 'id: no grade record of this activity with that id can be resent');
    await lti.redirect(res, '/instructor');
  });

  const reconcile = async (launch: Launch, token: LtiIdToken) => {
    const settingsDoc = await models.ActivitySettings.findOne(activityKeyOf(launch.identity)).lean();
    const lineItemUrl = launch.identity.lineItemUrl ?? settingsDoc?.lineItemUrl;
    if (!lineItemUrl)
      throw new HttpError(409, 'This activity has no gradebook column (no AGS line item) to compare with.');
    const [tool, lms] = await Promise.all([
      selectToolScores(models, activityKeyOf(launch.identity), launch.settings),
      lti.Grade.getScores(token, lineItemUrl),
    ]);
    return {
      tool,
      rows: reconcileScores(
        tool.map((t) => ({
          userId: t.userId,
          syncId: t.syncId,
          scoreGiven: t.score.scoreGiven,
          scoreMaximum: t.score.scoreMaximum,
        })),
        lms.scores as LmsResult[],
      ),
    };
  };

  router.get('/instructor/reconcile', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const [{ rows }, attempts] = await Promise.all([
      reconcile(launch, res.locals.token as LtiIdToken),
      selectAttemptsOfActivity(models, activityKeyOf(launch.identity)),
    ]);
    const names = new Map(attempts.filter((a) => a.userName).map((a) => [a.userId, a.userName]));
    res.type('html').send(renderReconcilePage(rows, names, launch.ltik, launch.lang));
  });

  router.post('/instructor/reconcile', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const { tool, rows } = await reconcile(launch, res.locals.token as LtiIdToken);
    const differing = new Set(rows.filter((r) => r.differs).map((r) => r.syncId));
    await resendToolScores(
      models,
      activityKeyOf(launch.identity),
      tool.filter((t) => differing.has(t.syncId)),
    );
    await lti.redirect(res, '/instructor');
  });

  router.post('/instructor/manual-grade', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (name: string): string | undefined =>
      typeof body[name] === 'string' ? (body[name] as string) : undefined;
    const reading = body.action === 'accept-reading' ? (text('reading') ?? '') : undefined;
    const pointsText = text('points')?.trim().replace(',', '.');
    const outcome = await gradeByHand(
      models,
      activityKeyOf(launch.identity),
      launch.settings,
      {
        unsafeSubmissionId: text('submissionId') ?? '',
        problemIndex: Number(body.problemIndex),
        partKey: text('partKey') ?? '',
        ...(pointsText ? { points: Number(pointsText) } : {}),
        ...(text('comment') ? { comment: text('comment') } : {}),
        ...(reading !== undefined ? { reading } : {}),
      },
      launch.lang,
    );
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
    log(
      `manual grade by ${launch.identity.userId}: submission ${outcome.submission._id.toHexString()} problem ${Number(body.problemIndex) + 1} part ${text('partKey') ?? ''}`,
    );
    await lti.redirect(res, '/instructor');
  });

  const attemptOfThisActivity = async (req: Request, launch: Launch) => {
    const attempt = await selectAttemptOfActivity(
      models,
      String(req.query.attempt ?? ''),
      activityKeyOf(launch.identity),
    );
    if (!attempt) throw new HttpError(404, 'attempt: no attempt of this activity with that id');
    return attempt;
  };

  // Paper and online from one source: any learner's attempt prints as an exam sheet with its key.
  router.get('/instructor/print', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const attempt = await attemptOfThisActivity(req, launch);
    const sheet = {
      label: `${attempt.userName || attempt.userId} #${attempt.attemptNumber}`,
      problems: loadProblems(attempt),
    };
    res
      .type('html')
      .send(
        renderVariantHtml(sheet, launch.lang, "@import url('/assets/katex/katex.min.css');", req.query.key === '1'),
      );
  });

  const regradeRule = (query: Record<string, unknown>): RegradeRule | undefined => {
    const [index, partKey] = String(query.part ?? '').split(':');
    if (index === undefined || !partKey) return undefined;
    const action = query.action === 'accept' || query.action === 'discount' ? query.action : 'tolerance';
    const relativePercent = Number(query.tolerance);
    if (action === 'tolerance' && !(relativePercent >= 0 && relativePercent <= 100))
      throw new HttpError(422, 'tolerance: a percentage from 0 to 100');
    if (action === 'accept' && !String(query.accepted ?? '').trim())
      throw new HttpError(422, 'accepted: type the answer to accept');
    return {
      problemIndex: Number(index),
      partKey,
      action,
      ...(action === 'tolerance' ? { relativePercent } : {}),
      ...(action === 'accept' ? { accepted: String(query.accepted).trim() } : {}),
    };
  };
  const regradableParts = (launch: Launch) =>
    launch.settings.templates.flatMap((id, i) =>
      (getTemplate(id)?.parts ?? [])
        .filter((p) => !p.manual)
        .map((p) => ({ problemIndex: i, partKey: p.key, label: `${i + 1}. ${id}: ${p.key}` })),
    );

  router.get('/instructor/regrade', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const rule = regradeRule(req.query as Record<string, unknown>);
    const changes = rule
      ? await previewRegrade(models, activityKeyOf(launch.identity), rule, launch.settings, launch.lang)
      : undefined;
    res.type('html').send(renderRegradePage(launch.ltik, launch.lang, regradableParts(launch), rule, changes));
  });

  router.post('/instructor/regrade', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const rule = regradeRule((req.body ?? {}) as Record<string, unknown>);
    if (!rule) throw new HttpError(422, 'part: choose the part to regrade');
    const changed = await applyRegrade(
      models,
      activityKeyOf(launch.identity),
      rule,
      launch.settings,
      launch.identity.userId,
      launch.lang,
    );
    log(`regrade by ${launch.identity.userId}: ${describeRule(rule)} changed ${changed} student(s)' scores`);
    await lti.redirect(res, '/instructor');
  });

  router.get('/instructor/attempt', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const attempt = await attemptOfThisActivity(req, launch);
    const submissions = await selectSubmissionsForAttempt(models, attempt._id);
    res.type('html').send(renderAttemptDetailPage(attempt, submissions, launch.ltik, launch.lang));
  });

  router.get('/instructor/export.csv', async (_req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const [attempts, submissions, syncs] = await Promise.all([
      selectAttemptsOfActivity(models, activityKeyOf(launch.identity)),
      selectSubmissionsOfActivity(models, activityKeyOf(launch.identity)),
      selectGradeSyncOfActivity(models, activityKeyOf(launch.identity)),
    ]);
    res
      .attachment(`grades-${launch.identity.resourceLinkId}.csv`)
      .type('text/csv; charset=utf-8')
      .send(gradesCsv(attempts, submissions, syncs));
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
    res
      .attachment(`exam-${request.examSeed.replace(/[^A-Za-z0-9_-]+/g, '-')}.zip`)
      .type('application/zip')
      .send(examArchive(exam));
  });

  router.get('/instructor/preview', (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const templateId = String(req.query.template ?? TEMPLATE_IDS[0]);
    // The version this activity's learners draw from, so the preview shows what they get.
    const template = isTemplateId(templateId)
      ? getTemplate(templateId, templateVersionIn(launch.settings, templateId))
      : undefined;
    if (!template) throw new HttpError(400, `template: must be one of ${TEMPLATE_IDS.join(', ')}`);
    const seed = String(req.query.seed ?? 'preview').slice(0, 200) || 'preview';
    const lang: Lang = req.query.lang === 'cs' ? 'cs' : req.query.lang === 'en' ? 'en' : launch.lang;
    res.type('html').send(
      renderPreviewPage({
        ltik: launch.ltik,
        lang,
        templateId,
        seed,
        template,
        variant: generateVariant(template, seed),
      }),
    );
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
      if (error instanceof HttpError) {
        res
          .status(error.status)
          .type('html')
          .send(renderDeepLinkPage(launch.ltik, launch.lang, error.message));
        return;
      }
      throw error;
    }
    // A printed exam delivered online must be the one on paper: drawn from the versions it was printed with.
    const printed = settings.printedVariant
      ? await selectGeneratedExamBySeed(models, launch.identity.contextId, settings.printedVariant.examSeed)
      : null;
    if (printed)
      settings = {
        ...settings,
        templateVersions: {
          ...settings.templateVersions,
          ...Object.fromEntries(printed.templateIds.map((id, i) => [id, printed.templateVersions[i] ?? 1])),
        },
      };
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
