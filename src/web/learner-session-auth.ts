import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response, type RequestHandler } from 'express';
import { platformCookieName, verifyLearnerSession, type LearnerClaims } from '../lti/learner-session.ts';
import { HttpError } from './http-error.ts';
import { launchFromToken, type Launch } from './launch-context.ts';

/** The form field that carries the learner's session token. */
export const SESSION_FIELD = 'session';
/** The same token in a request header (a script's request without a form). */
export const SESSION_HEADER = 'X-Learner-Session';

const REASONS = {
  missing: 'No session: open the activity from your course.',
  malformed: 'This session is not valid. Open the activity again from your course.',
  signature: 'This session is not valid. Open the activity again from your course.',
  expired: 'Your session has expired. Open the activity again from your course; your saved answers are kept.',
  cookie: 'This session belongs to another login in this browser. Open the activity again from your course.',
} as const;

/**
 * The launch read from a session's claims (claim checks, identity, settings from the custom
 * parameters), by the claims object verifyLearnerSession hands out for the same payload: a pure
 * function of what the LMS signed, so reading it once per session is enough, on any instance.
 * Nothing changes a Launch: a request with another language makes a copy (chosen-language.ts).
 */
const launches = new WeakMap<LearnerClaims, Launch>();

function launchOfClaims(claims: LearnerClaims): Launch {
  let launch = launches.get(claims);
  if (!launch) {
    launch = launchFromToken(claims);
    launches.set(claims, launch);
  }
  return launch;
}

/**
 * Body parsing and the learner-session check for the quiz routes, which are served outside
 * ltijs' per-request session lookup (see learner-session.ts). The verified claims become
 * res.locals.launch, as ltijs' token does for the staff pages (launch-context.ts).
 */
export function learnerSessionAuth({
  key,
  ltiKey,
  requirePlatformCookie,
}: {
  key: Buffer;
  ltiKey: string;
  requirePlatformCookie: boolean;
}): RequestHandler[] {
  const check = (req: Request, res: Response, next: NextFunction): void => {
    // A form field or a header, never the query string: a URL ends up in history, logs and Referer.
    const given: unknown = req.body?.[SESSION_FIELD] ?? req.get(SESSION_HEADER);
    if (typeof given !== 'string' || given === '') return next(new HttpError(401, REASONS.missing));
    const result = verifyLearnerSession(given, key, new Date());
    if (!result.ok) return next(new HttpError(401, REASONS[result.reason]));
    // As ltijs does for its ltik: the signed cookie set at launch must name the same user. Plain
    // http (development) cannot keep SameSite=None cookies, so there a missing cookie is let pass.
    const cookieUser = (req.signedCookies as Record<string, unknown>)[platformCookieName(result.claims)];
    if (
      cookieUser !== undefined ? cookieUser !== result.claims.user : requirePlatformCookie && !result.claims.cookieless
    )
      return next(new HttpError(401, REASONS.cookie));
    res.locals.launch = launchOfClaims(result.claims);
    res.locals.session = given;
    next();
  };
  // The same limits ltijs' own parser has (100 kB); answers are far smaller.
  return [express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }), cookieParser(ltiKey), check];
}
