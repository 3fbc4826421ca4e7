import express, { type Router } from 'express';
import { loadProblems } from '../../activity/attempt-service.ts';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { renderVariantHtml } from '../../exam/render-exam-html.ts';
import type { Models } from '../../store/models/index.ts';
import { selectAttemptOfActivity } from '../../store/repositories/attempts.ts';
import { selectSubmissionsForAttempt } from '../../store/repositories/submissions.ts';
import { AttemptQuerySchema } from '../forms/staff-forms.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type Launch, type LtiRouteDeps } from '../launch-context.ts';
import { parseQuery } from '../parse-body.ts';
import { renderAttemptDetailPage } from '../pages/attempt-detail/attempt-detail.ts';

async function attemptOfThisActivity(models: Models, attemptId: string, launch: Launch) {
  const attempt = await selectAttemptOfActivity(models, attemptId, activityKeyOf(launch.identity));
  if (!attempt) throw new HttpError(404, 'attempt: no attempt of this activity with that id');
  return attempt;
}

/** One learner's attempt: its submissions in detail, or printed as an exam sheet with its key. */
export function attemptRoutes({ models }: LtiRouteDeps): Router {
  const router = express.Router();

  // Paper and online from one source: any learner's attempt prints as an exam sheet with its key.
  router.get('/print', async (req, res) => {
    const launch = launchOf(res);
    const query = parseQuery(AttemptQuerySchema, req);
    const attempt = await attemptOfThisActivity(models, query.attempt, launch);
    const sheet = {
      label: `${attempt.userName || attempt.userId} #${attempt.attemptNumber}`,
      problems: loadProblems(attempt),
    };
    res
      .type('html')
      .send(renderVariantHtml(sheet, launch.lang, "@import url('/assets/katex/katex.min.css');", query.key === '1'));
  });

  router.get('/attempt', async (req, res) => {
    const launch = launchOf(res);
    const attempt = await attemptOfThisActivity(models, parseQuery(AttemptQuerySchema, req).attempt, launch);
    const submissions = await selectSubmissionsForAttempt(models, attempt._id);
    res.type('html').send(renderAttemptDetailPage(attempt, submissions, launch.ltik, launch.lang));
  });
  return router;
}
