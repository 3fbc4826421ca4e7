import express, { type Router } from 'express';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { selectAttemptsOfActivity } from '../../store/repositories/attempts.ts';
import { selectGradeSyncOfActivity } from '../../store/repositories/grade-sync.ts';
import { selectSubmissionsOfActivity } from '../../store/repositories/submissions.ts';
import { gradeSheetCsv, gradesCsv } from '../grades-csv.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';

/** The activity's grades: every part of every submission, and the grade sheet (one row per student). */
export function exportRoutes({ models }: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/export.csv', async (_req, res) => {
    const launch = launchOf(res);
    const key = activityKeyOf(launch.identity);
    const [attempts, submissions, syncs] = await Promise.all([
      selectAttemptsOfActivity(models, key),
      selectSubmissionsOfActivity(models, key),
      selectGradeSyncOfActivity(models, key),
    ]);
    res
      .attachment(`grades-${launch.identity.resourceLinkId}.csv`)
      .type('text/csv; charset=utf-8')
      .send(gradesCsv(attempts, submissions, syncs));
  });
  router.get('/grade-sheet.csv', async (_req, res) => {
    const launch = launchOf(res);
    const key = activityKeyOf(launch.identity);
    const [attempts, submissions] = await Promise.all([
      selectAttemptsOfActivity(models, key),
      selectSubmissionsOfActivity(models, key),
    ]);
    res
      .attachment(`grade-sheet-${launch.identity.resourceLinkId}.csv`)
      .type('text/csv; charset=utf-8')
      .send(gradeSheetCsv(attempts, submissions, launch.settings.scorePolicy));
  });
  return router;
}
