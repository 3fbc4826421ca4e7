import express, { type Response, type Router } from 'express';
import { settingsFromCustom } from '../activity/activity-settings.ts';
import { identityFromToken, resourceLinkKey } from '../activity/launch-identity.ts';
import type { LtiIdToken } from '../lti/ltijs.ts';
import { checkDeployment } from '../store/repositories/platform-deployments.ts';
import { errorPage } from './pages/layout.ts';
import type { LtiRouteDeps } from './launch-context.ts';

import { instructorRoutes } from './instructor-routes.ts';
import { quizRoutes } from './quiz-routes.ts';
import { extraTimeRoutes } from './extra-time-routes.ts';

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
  router.use(quizRoutes({ config, lti, models, seedSecret, log }));
  router.use(instructorRoutes({ config, lti, models, seedSecret, log }));
  router.use(extraTimeRoutes({ config, lti, models, seedSecret, log }));
  return router;
}
