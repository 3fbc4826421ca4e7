import express, { type Router } from 'express';
import { deploymentGuard } from '../deployment-guard.ts';
import { readLaunch, requireStaff, type LtiRouteDeps } from '../launch-context.ts';
import { attemptRoutes } from './attempt-routes.ts';
import { deepLinkRoutes } from './deep-link-routes.ts';
import { examRoutes } from './exam-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { extraTimeRoutes } from './extra-time-routes.ts';
import { manualGradeRoutes } from './manual-grade-routes.ts';
import { previewRoutes } from './preview-routes.ts';
import { reconcileRoutes } from './reconcile-routes.ts';
import { regradeRoutes } from './regrade-routes.ts';
import { resendRoutes } from './resend-routes.ts';
import { resultsRoutes } from './results-routes.ts';

/**
 * Everything an instructor reaches from the LMS launch, under /instructor on ltijs' app (which has
 * checked the ltik and loaded the launch's token). Checked once for all of them: the launch's claims
 * (res.locals.launch), the deployment, the staff role.
 */
export function staffRouter(deps: LtiRouteDeps): Router {
  const router = express.Router();
  router.use(readLaunch, deploymentGuard(deps.models), requireStaff);
  for (const routes of [
    resultsRoutes,
    resendRoutes,
    reconcileRoutes,
    manualGradeRoutes,
    attemptRoutes,
    regradeRoutes,
    exportRoutes,
    examRoutes,
    previewRoutes,
    deepLinkRoutes,
    extraTimeRoutes,
  ])
    router.use(routes(deps));
  return router;
}
