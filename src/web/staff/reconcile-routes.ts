import express, { type Router } from 'express';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { reconcileScores } from '../../activity/reconcile-scores.ts';
import { resendToolScores, selectToolScores } from '../../activity/resend-scores.ts';
import { selectActivitySettings } from '../../store/repositories/activity-settings.ts';
import { selectAttemptsOfActivity } from '../../store/repositories/attempts.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type Launch, type LtiRouteDeps } from '../launch-context.ts';
import { renderReconcilePage } from '../pages/reconcile/reconcile.ts';

/** The tool's grades next to the LMS gradebook's (AGS results), and resending those that differ. */
export function reconcileRoutes({ lti, models }: LtiRouteDeps): Router {
  const router = express.Router();

  const compare = async (launch: Launch) => {
    const key = activityKeyOf(launch.identity);
    const lineItemUrl = launch.identity.lineItemUrl ?? (await selectActivitySettings(models, key))?.lineItemUrl;
    if (!lineItemUrl)
      throw new HttpError(409, 'This activity has no gradebook column (no AGS line item) to compare with.');
    const [tool, lms] = await Promise.all([
      selectToolScores(models, key, launch.settings),
      lti.Grade.getScores(launch.claims, lineItemUrl),
    ]);
    const rows = reconcileScores(
      tool.map((t) => ({
        userId: t.userId,
        syncId: t.syncId,
        scoreGiven: t.score.scoreGiven,
        scoreMaximum: t.score.scoreMaximum,
      })),
      lms.scores,
    );
    return { tool, rows };
  };

  router.get('/reconcile', async (_req, res) => {
    const launch = launchOf(res);
    const [{ rows }, attempts] = await Promise.all([
      compare(launch),
      selectAttemptsOfActivity(models, activityKeyOf(launch.identity)),
    ]);
    const names = new Map(attempts.filter((a) => a.userName).map((a) => [a.userId, a.userName]));
    res.type('html').send(renderReconcilePage(rows, names, launch.ltik, launch.lang));
  });

  router.post('/reconcile', async (_req, res) => {
    const launch = launchOf(res);
    const { tool, rows } = await compare(launch);
    const differing = new Set(rows.filter((r) => r.differs).map((r) => r.syncId));
    await resendToolScores(
      models,
      activityKeyOf(launch.identity),
      tool.filter((t) => differing.has(t.syncId)),
    );
    await lti.redirect(res, '/instructor');
  });
  return router;
}
