import express, { type Response, type Router } from 'express';
import { settingsFromCustom } from '../activity/activity-settings.ts';
import { identityFromToken, activityKeyOf } from '../activity/launch-identity.ts';
import { learnerClaimsOf, signLearnerSession } from '../lti/learner-session.ts';
import type { LtiIdToken } from '../lti/ltijs.ts';
import { checkDeployment } from '../store/repositories/platform-deployments.ts';
import { errorPage } from './pages/layout.ts';
import type { LtiRouteDeps } from './launch-context.ts';

import { instructorRoutes } from './instructor-routes.ts';
import { quizRoutes } from './quiz-routes.ts';
import { extraTimeRoutes } from './extra-time-routes.ts';
import { SESSION_FIELD } from './learner-session-auth.ts';
import { deploymentGuard } from './deployment-guard.ts';
import { renderNewWindowPage } from './pages/launch-frame-pages.ts';

export interface LtiRoutes {
  /** Instructor routes: mounted on ltijs' app, which checks its ltik and session on each request. */
  staffRoutes: Router;
  /** The learner's quiz: checks the learner session itself (learner-session.ts), so it is mounted before ltijs. */
  learnerRoutes: Router;
}

export function buildLtiRoutes(deps: LtiRouteDeps): LtiRoutes {
  const { lti, models } = deps;
  const refuseUnknownDeployment = async (token: LtiIdToken, res: Response): Promise<boolean> => {
    if ((await checkDeployment(models, token.iss, token.clientId, token.deploymentId)) !== 'unknown') return false;
    res
      .status(403)
      .type('html')
      .send(
        errorPage(
          403,
          `deployment_id: "${token.deploymentId}" is not a deployment registered for this LMS. Ask the LMS administrator to register it with the tool.`,
        ),
      );
    return true;
  };

  /**
   * A launch verified without cookies (launch-binding.ts) opens this one page only: ltijs' session
   * needs its cookie on every later request, so staff pages go to a window of their own.
   */
  const cookielessStaff = (res: Response): boolean => {
    const cookieless = res.locals.cookieless as { newWindowUrl: string } | undefined;
    if (!cookieless) return false;
    res.status(200).type('html').send(renderNewWindowPage(cookieless.newWindowUrl));
    return true;
  };

  lti.onConnect(async (token, _req, res) => {
    if (await refuseUnknownDeployment(token, res)) return;
    const identity = identityFromToken(token);
    await models.ActivitySettings.updateOne(
      activityKeyOf(identity),
      {
        $set: {
          settings: settingsFromCustom(identity.custom),
          title: identity.resourceTitle,
          ...(identity.lineItemUrl ? { lineItemUrl: identity.lineItemUrl } : {}),
        },
      },
      { upsert: true },
    );
    if (identity.isStaff) {
      if (cookielessStaff(res)) return;
      await lti.redirect(res, '/instructor');
      return;
    }
    // Without a cookie in the frame the signed session alone carries the launch (learner-session-auth.ts).
    const claims = res.locals.cookieless
      ? { ...learnerClaimsOf(token), cookieless: true as const }
      : learnerClaimsOf(token);
    const session = signLearnerSession(claims, deps.sessionKey, new Date());
    res.redirect(`/quiz?${SESSION_FIELD}=${encodeURIComponent(session)}`);
  });
  lti.onDeepLinking(async (token, _req, res) => {
    if (await refuseUnknownDeployment(token, res)) return;
    if (cookielessStaff(res)) return;
    await lti.redirect(res, '/instructor/deep-link');
  });

  const staffRoutes = express.Router();
  staffRoutes.use(deploymentGuard(models));
  staffRoutes.use(instructorRoutes(deps));
  staffRoutes.use(extraTimeRoutes(deps));
  return { staffRoutes, learnerRoutes: quizRoutes(deps) };
}
