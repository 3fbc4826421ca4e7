import type { Response } from 'express';
import { settingsFromCustom, type ActivitySettings } from '../activity/activity-settings.ts';
import { identityFromToken, type LaunchIdentity } from '../activity/launch-identity.ts';
import type { Lang } from '../engine/template.ts';
import type { AppConfig } from '../config.ts';
import type { LearnerClaims } from '../lti/learner-session.ts';
import type { LtiProvider } from '../lti/ltijs.ts';
import type { Models } from '../store/models/index.ts';
import { langFromLocale } from './i18n.ts';
import { HttpError } from './http-error.ts';

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

export interface Launch {
  identity: LaunchIdentity;
  settings: ActivitySettings;
  lang: Lang;
  ltik: string;
}

/** Identity and settings come only from the verified launch (ltijs' token or the learner session) on res.locals. */
export function launchOf(res: Response): Launch {
  const token = res.locals.token as LearnerClaims | undefined;
  if (!token) throw new HttpError(403, 'No LTI session: open the activity from your course.');
  const identity = identityFromToken(token);
  const settings = settingsFromCustom(identity.custom);
  const lang = settings.language === 'auto' ? langFromLocale(identity.locale) : settings.language;
  return { identity, settings, lang, ltik: String(res.locals.ltik ?? '') };
}

export function requireStaff(launch: Launch): void {
  if (!launch.identity.isStaff) throw new HttpError(403, 'This page is for instructors of the course.');
}
