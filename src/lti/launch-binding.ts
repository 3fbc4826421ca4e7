import { createHash, randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import {
  recordLaunchLogin,
  selectLaunchLogin,
  takeCookielessPass,
  takeLaunchLogin,
  grantCookielessPass,
  useLaunchLogin,
} from '../store/repositories/launch-logins.ts';
import { isDeploymentRefused } from '../store/repositories/platform-deployments.ts';
import type { Models } from '../store/models/index.ts';
import { isStoreFailure } from '../store/store-failure.ts';
import { isStoreFailureMessage } from './ltijs-database.ts';
import { newWindowLoginUrl, type LaunchPages } from './launch-pages.ts';
import { LTI_ROUTES, sendStoreFailurePage } from './setup-provider.ts';

/**
 * Binds each launch to the login that started it, before ltijs sees the launch.
 *
 * ltijs 5.9.9 makes the nonce with Math.random() and never stores it: at launch it only refuses a
 * nonce it has seen before, so an id_token with any unused nonce passed with a valid state cookie.
 * OpenID Connect Core §3.2.2.11: the nonce MUST be the one sent in the authentication request.
 * Here the login's redirect gets a nonce from a CSPRNG, stored with its state (short expiry, single
 * use), and a launch whose nonce differs is refused with 401.
 *
 * The deployment is checked at both steps too, so a launch from an unknown deployment is refused
 * before ltijs mints a session (ltik) or sets a cookie.
 *
 * Inside the LMS frame, with third-party cookies blocked, ltijs' state cookie never comes back: if
 * the platform offered LTI platform storage (`lti_storage_target`) the state and nonce are kept
 * there and read back by the launch page; otherwise the launch page offers a new window.
 */
export interface LaunchBindingOptions {
  models: Models;
  ltiKey: string;
  /** Cookies are SameSite=None; Secure (the tool is a third party in the LMS frame). */
  crossSiteCookies: boolean;
  /** How long a login waits for its launch. */
  loginSeconds?: number;
  log: (line: string) => void;
  /** The error, new-window and platform-storage pages (rendered by web/launch-pages.ts). */
  pages: LaunchPages;
}

/** The login's time to reach its launch: the platform's authentication step, with a user who may need to sign in again. */
export const LOGIN_SECONDS = 300;

type Params = Record<string, string>;

function stringParams(...sources: unknown[]): Params {
  const out: Params = {};
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The claims of a JWT without verifying it: only to refuse early, never to trust (ltijs verifies). */
export function unverifiedClaims(jwt: string): Record<string, unknown> | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const DEPLOYMENT_REFUSED = (id: string) =>
  `deployment_id: "${id}" is not a deployment registered for this LMS. Ask the LMS administrator to register it with the tool.`;

/** What ltijs answers a failed request with (JSON): the message is that of the error it caught. */
interface LtijsFailure {
  details?: { message?: unknown };
}

/** ltijs' own body-parser (1.x) would read the consumed stream again unless told it was parsed. */
function markParsed(req: Request, _res: Response, next: NextFunction): void {
  (req as Request & { _body?: boolean })._body = true;
  next();
}

export function launchBinding({
  models,
  ltiKey,
  crossSiteCookies,
  loginSeconds = LOGIN_SECONDS,
  log,
  pages,
}: LaunchBindingOptions): Router {
  const router = express.Router();
  const refuse = (res: Response, status: number, message: string) =>
    res.status(status).type('html').send(pages.errorPage(status, message));
  /**
   * A login or launch that meets a store failure (its reads here, or ltijs' records) is answered
   * with a page that says to come back in a moment: not the submit's "Not saved" (nothing was
   * typed yet), not ltijs' JSON 500 and not an invalid launch.
   */
  const storeFailed = (res: Response, why: string) => {
    log(`login or launch: the store failed: ${why}`);
    sendStoreFailurePage(res, pages.errorPage);
  };
  const parse = [
    express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 100 }),
    markParsed,
    cookieParser(ltiKey),
  ];

  router.all(LTI_ROUTES.login, ...parse, async (req: Request, res: Response, next: NextFunction) => {
    const params = stringParams(req.query, req.body);
    if (
      params.iss &&
      params.lti_deployment_id &&
      (await isDeploymentRefused(models, params.iss, params.client_id, params.lti_deployment_id))
    ) {
      refuse(res, 403, DEPLOYMENT_REFUSED(params.lti_deployment_id));
      return;
    }
    // ltijs answers the login with a redirect to the platform carrying state and its own nonce:
    // the nonce is replaced by ours and the pair stored before the browser goes there.
    const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
    const finish = async (url: string) => {
      const target = new URL(url);
      const state = target.searchParams.get('state');
      if (!state || !params.iss) return redirect(302, url);
      const nonce = randomBytes(32).toString('base64url');
      target.searchParams.set('nonce', nonce);
      const storageTarget = params.lti_storage_target;
      await recordLaunchLogin(models, {
        state,
        nonce,
        issuer: params.iss,
        loginParams: params,
        ...(storageTarget ? { storageTarget } : {}),
        platformOrigin: target.origin,
        expiresAt: new Date(Date.now() + loginSeconds * 1000),
      });
      if (storageTarget) {
        res
          .status(200)
          .type('html')
          .send(
            pages.storagePutPage({
              storageTarget,
              platformOrigin: target.origin,
              state,
              nonce,
              authUrl: target.toString(),
            }),
          );
        return;
      }
      redirect(302, target.toString());
    };
    res.redirect = (a: unknown, b?: unknown) => {
      finish(String(typeof a === 'number' ? b : a)).catch((error: unknown) => {
        log(`login: could not record the login: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent)
          refuse(res, 503, 'The tool could not start the sign-in just now. Open the activity again in a moment.');
      });
    };
    // ltijs answers a login it could not complete with JSON (500); when its records failed, with the page.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const message = (body as LtijsFailure | null)?.details?.message;
      if (res.statusCode !== 500 || !isStoreFailureMessage(message)) return json(body);
      storeFailed(res, String(message));
      return res;
    };
    next();
  });

  router.post(LTI_ROUTES.launch, ...parse, async (req: Request, res: Response, next: NextFunction) => {
    const body = stringParams(req.body);
    if (!body.id_token) return next();
    const claims = unverifiedClaims(body.id_token);
    const state = body.state ?? '';
    const cookieName = `state${state}`;
    const hasStateCookie = (req.signedCookies as Record<string, unknown>)[cookieName] !== undefined;
    const now = new Date();
    // The usual launch (its state cookie came back, or cookies are not cross-site): the login is
    // taken in one step, with the state, the nonce, expiry and single use all in its filter.
    const usual = hasStateCookie || !crossSiteCookies;
    const taken =
      usual && claims && state && typeof claims.nonce === 'string'
        ? await takeLaunchLogin(models, state, claims.nonce, now)
        : null;
    // Otherwise (or when that failed, to say why) the login is read as it is.
    const login = taken ?? (claims && state ? await selectLaunchLogin(models, state, now) : null);
    if (!claims || !login) {
      refuse(
        res,
        401,
        'The LMS launch could not be verified: it does not belong to a sign-in started in this browser in the last few minutes. Open the activity again from your course.',
      );
      return;
    }
    if (typeof claims.nonce !== 'string' || claims.nonce !== login.nonce) {
      refuse(
        res,
        401,
        'The LMS launch could not be verified: its nonce is not the one of the sign-in it names. Open the activity again from your course.',
      );
      return;
    }
    const deploymentId = claims['https://purl.imsglobal.org/spec/lti/claim/deployment_id'];
    const clientId =
      typeof claims.azp === 'string'
        ? claims.azp
        : Array.isArray(claims.aud)
          ? undefined
          : typeof claims.aud === 'string'
            ? claims.aud
            : undefined;
    if (
      typeof claims.iss === 'string' &&
      typeof deploymentId === 'string' &&
      (await isDeploymentRefused(models, claims.iss, clientId, deploymentId))
    ) {
      refuse(res, 403, DEPLOYMENT_REFUSED(deploymentId));
      return;
    }
    if (usual) {
      if (!taken) {
        refuse(
          res,
          401,
          'The LMS launch could not be verified: this sign-in has been used already. Open the activity again from your course.',
        );
        return;
      }
      return next();
    }
    // No state cookie in cross-site mode: the browser keeps none in this frame.
    const newWindowUrl = newWindowLoginUrl(LTI_ROUTES.login, login.loginParams);
    if (!login.storageTarget) {
      res.status(401).type('html').send(pages.newWindowPage(newWindowUrl));
      return;
    }
    if (body.lti_storage_checked !== '1') {
      res
        .status(200)
        .type('html')
        .send(
          pages.storageCheckPage({
            storageTarget: login.storageTarget,
            platformOrigin: login.platformOrigin,
            state,
            nonce: login.nonce,
            action: LTI_ROUTES.launch,
            fields: { id_token: body.id_token, state },
            newWindowUrl,
          }),
        );
      return;
    }
    if (!(await useLaunchLogin(models, state, now))) {
      refuse(
        res,
        401,
        'The LMS launch could not be verified: this sign-in has been used already. Open the activity again from your course.',
      );
      return;
    }
    // The platform kept this login's state and nonce for this browser's frame: what ltijs' state
    // cookie would have shown. ltijs reads cookies only if nobody parsed them (cookie-parser skips).
    (req.signedCookies as Record<string, unknown>)[cookieName] = login.issuer;
    // ltijs answers with a redirect carrying the new session's ltik; its session cookie will not
    // come back either, so that ltik may open the session once (launch page only, see below).
    const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
    res.redirect = (a: unknown, b?: unknown) => {
      const url = String(typeof a === 'number' ? b : a);
      const ltik = new URL(url, 'http://x').searchParams.get('ltik');
      const ltikClaims = ltik ? unverifiedClaims(ltik) : undefined;
      if (!ltik || typeof ltikClaims?.platformCode !== 'string' || typeof ltikClaims.user !== 'string')
        return redirect(302, url);
      grantCookielessPass(models, state, {
        ltikHash: sha256(ltik),
        cookieName: ltikClaims.platformCode,
        user: ltikClaims.user,
      })
        .then(() => redirect(302, url))
        .catch((error: unknown) => next(error));
    };
    next();
  });

  router.get(LTI_ROUTES.launch, ...parse, async (req: Request, res: Response, next: NextFunction) => {
    const ltik = typeof req.query.ltik === 'string' ? req.query.ltik : undefined;
    if (!ltik || !crossSiteCookies) return next();
    const taken = await takeCookielessPass(models, sha256(ltik), new Date());
    if (!taken) return next();
    const { pass, loginParams } = taken;
    const cookies = req.signedCookies as Record<string, unknown>;
    if (cookies[pass.cookieName] === undefined) {
      cookies[pass.cookieName] = pass.user;
      // The session works for this one page; what it leads to must not need the cookie (lti-routes.ts).
      res.locals.cookieless = { newWindowUrl: newWindowLoginUrl(LTI_ROUTES.login, loginParams) };
    }
    next();
  });
  // The store failed in one of the steps above (express passes an async handler's rejection on).
  const onStoreFailure: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (!isStoreFailure(error) || res.headersSent) return next(error);
    storeFailed(res, error instanceof Error ? error.message : String(error));
  };
  router.use(onStoreFailure);
  // ltijs validates an id_token posted to ANY path of its app (its session check runs on every
  // request) and mints a session there: past the login binding above and the deployment check.
  // Launches come to the launch URL only; an id_token anywhere else is refused.
  router.post(
    /.*/,
    express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }),
    express.json({ limit: '100kb' }),
    markParsed,
    (req: Request, res: Response, next: NextFunction) => {
      if (req.path !== LTI_ROUTES.launch && stringParams(req.body).id_token !== undefined) {
        refuse(
          res,
          401,
          `An LMS launch is accepted at ${LTI_ROUTES.launch} only. Open the activity again from your course.`,
        );
        return;
      }
      next();
    },
  );
  return router;
}
