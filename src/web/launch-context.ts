import type { NextFunction, Request, Response } from 'express';
import { settingsFromCustom, type ActivitySettings } from '../activity/activity-settings.ts';
import type { LaunchIdentity } from '../activity/launch-identity.ts';
import type { Lang } from '../engine/template.ts';
import type { AppConfig } from '../config.ts';
import { identityFromClaims, parseLaunchClaims, type LaunchClaims } from '../lti/launch-claims.ts';
import type { LtiProvider } from '../lti/ltijs.ts';
import type { Models } from '../store/models/index.ts';
import { HttpError } from './http-error.ts';
import { langFromLocale } from './i18n.ts';

/** What every LTI route needs. */
export interface LtiRouteDeps {
  config: AppConfig;
  lti: LtiProvider;
  models: Models;
  seedSecret: string;
  /** Signs the learner sessions (learner-session.ts); derived from the LTI key. */
  sessionKey: Buffer;
  /** For the learner sessions' binding to ltijs' signed platform cookie. */
  ltiKey: string;
  log: (line: string) => void;
}

/** A verified launch as the routes read it: made once per request, from ltijs' token or the learner session. */
export interface Launch {
  /** The checked claims; also what ltijs' services (AGS, NRPS, deep linking) are handed. */
  claims: LaunchClaims;
  identity: LaunchIdentity;
  settings: ActivitySettings;
  lang: Lang;
  ltik: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express declares res.locals' type in this namespace
  namespace Express {
    interface Locals {
      /** ltijs' token, unchecked: only readLaunch reads it. */
      token?: unknown;
      /** ltijs' session token for links and forms (staff pages). */
      ltik?: string;
      /** The learner session (learner-session-auth.ts), carried in the quiz page's forms. */
      session?: string;
      /** Set by launch-binding.ts when the launch was verified without cookies. */
      cookieless?: { newWindowUrl: string };
      launch?: Launch;
    }
  }
}

/** The claims of a verified launch, checked; a claim the tool cannot read is a 400 naming it. */
export function launchFromToken(token: unknown, ltik = ''): Launch {
  const checked = parseLaunchClaims(token);
  if (!checked.ok)
    throw new HttpError(
      400,
      `The LMS sent a launch the tool cannot read: claim ${checked.claim}: ${checked.rule}. Ask the LMS administrator to check the tool's settings, then open the activity again.`,
    );
  const identity = identityFromClaims(checked.claims);
  const settings = settingsFromCustom(identity.custom);
  const lang = settings.language === 'auto' ? langFromLocale(identity.locale) : settings.language;
  return { claims: checked.claims, identity, settings, lang, ltik };
}

/** Middleware for ltijs' app: its verified token becomes res.locals.launch (401 without one). */
export function readLaunch(_req: Request, res: Response, next: NextFunction): void {
  if (res.locals.token === undefined) return next(new HttpError(401, NO_SESSION));
  res.locals.launch = launchFromToken(res.locals.token, String(res.locals.ltik ?? ''));
  next();
}

const NO_SESSION = 'No LTI session: open the activity from your course.';

/** The request's launch (set by readLaunch or the learner session); a route without one is a bug or a 401. */
export function launchOf(res: Response): Launch {
  const launch = res.locals.launch;
  if (!launch) throw new HttpError(401, NO_SESSION);
  return launch;
}

/** Middleware: the staff pages open only to the course's instructors (and other staff roles). */
export function requireStaff(_req: Request, res: Response, next: NextFunction): void {
  if (!launchOf(res).identity.isStaff) throw new HttpError(403, 'This page is for instructors of the course.');
  next();
}
