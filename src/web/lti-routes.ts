import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { activityKeyOf } from '../activity/launch-identity.ts';
import { learnerClaimsOf, signLearnerSession } from '../lti/learner-session.ts';
import { recordLaunchedSettings } from '../store/repositories/activity-settings.ts';
import { checkDeployment } from '../store/repositories/platform-deployments.ts';
import { HttpError } from './http-error.ts';
import { launchFromToken, type Launch, type LtiRouteDeps } from './launch-context.ts';
import { quizRoutes } from './quiz-routes.ts';
import { learnerQuiz } from './open-quiz.ts';
import { renderContinueToQuiz } from './pages/quiz/continue.html.ts';
import { renderNewWindowPage } from './pages/launch-frame/launch-frame.html.ts';
import { staffRouter } from './staff/staff-router.ts';

export interface LtiRoutes {
  /** Instructor routes: mounted on ltijs' app, which checks its ltik and session on each request. */
  staffRoutes: Router;
  /** The learner's quiz: checks the learner session itself (learner-session.ts), so it is mounted before ltijs. */
  learnerRoutes: Router;
}

type LaunchHandler = (launch: Launch, res: Response) => Promise<void>;

export function buildLtiRoutes(deps: LtiRouteDeps): LtiRoutes {
  const { lti, models } = deps;

  /**
   * ltijs' launch callbacks, with its token checked (launch-claims.ts) and the deployment known.
   * ltijs runs on express 4, which drops a rejected promise: errors go to next, so the one error
   * handler answers them (a claim the tool cannot read is a 400 naming it).
   */
  const onLaunch =
    (handle: LaunchHandler) =>
    (token: unknown, _req: Request, res: Response, next: NextFunction): void => {
      void (async () => {
        const launch = launchFromToken(token, String(res.locals.ltik ?? ''));
        const { issuer, clientId, deploymentId } = launch.identity;
        if ((await checkDeployment(models, issuer, clientId, deploymentId)) === 'unknown')
          throw new HttpError(
            403,
            `deployment_id: "${deploymentId}" is not a deployment registered for this LMS. Ask the LMS administrator to register it with the tool.`,
          );
        await handle(launch, res);
      })().catch(next);
    };

  /**
   * A launch verified without cookies (launch-binding.ts) opens this one page only: ltijs' session
   * needs its cookie on every later request, so staff pages go to a window of their own.
   */
  const cookielessStaff = (res: Response): boolean => {
    const cookieless = res.locals.cookieless;
    if (!cookieless) return false;
    res.status(200).type('html').send(renderNewWindowPage(cookieless.newWindowUrl));
    return true;
  };

  const quiz = learnerQuiz({ models, seedSecret: deps.seedSecret });

  lti.onConnect(
    onLaunch(async (launch, res) => {
      const { identity, settings, claims, lang } = launch;
      await recordLaunchedSettings(models, activityKeyOf(identity), {
        settings,
        title: identity.resourceTitle,
        ...(identity.lineItemUrl ? { lineItemUrl: identity.lineItemUrl } : {}),
        launchedBy: identity.userId,
      });
      if (identity.isStaff) {
        if (cookielessStaff(res)) return;
        await lti.redirect(res, '/instructor');
        return;
      }
      // Without a cookie in the frame the signed session alone carries the launch (learner-session-auth.ts).
      const learner = learnerClaimsOf(claims);
      const session = signLearnerSession(
        res.locals.cookieless ? { ...learner, cookieless: true } : learner,
        deps.sessionKey,
        new Date(),
      );
      if (res.locals.cookieless) {
        // The one-time pass opened this page only, so a reload could not open it again: the
        // session is posted to /quiz (not redirected: the token stays out of URLs and logs),
        // where a reload posts it again.
        res
          .status(200)
          .type('html')
          .send(renderContinueToQuiz({ lang, title: identity.resourceTitle || settings.title, session }));
        return;
      }
      // The launch answers with the quiz page itself, the session in its forms (never in a URL);
      // a reload comes back here through ltijs' session (its ltik and cookie).
      res.locals.session = session;
      await quiz.sendOpened(res, launch);
    }),
  );
  lti.onDeepLinking(
    onLaunch(async (_launch, res) => {
      if (cookielessStaff(res)) return;
      await lti.redirect(res, '/instructor/deep-link');
    }),
  );

  const staffRoutes = express.Router();
  staffRoutes.use('/instructor', staffRouter(deps));
  return { staffRoutes, learnerRoutes: quizRoutes(deps) };
}
