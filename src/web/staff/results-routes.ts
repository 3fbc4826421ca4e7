import express, { type Router } from 'express';
import { readCourseRoster } from '../../lti/course-roster.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { renderResultsPage } from '../pages/results/results.ts';

/** The activity's results: who submitted, scores, where each grade stands in the LMS. */
export function resultsRoutes({ lti, models }: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    const launch = launchOf(res);
    const roster = readCourseRoster(lti, launch.claims);
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
  return router;
}
