import type { NextFunction, Request, Response } from 'express';
import type { Lang } from '../engine/template.ts';
import type { Launch } from './launch-context.ts';

/** The form field every form and link of a learner's page carries once a language was chosen. */
export const LANG_FIELD = 'lang';
/** The language switch's buttons: they send the page's form (nothing typed is lost) with this field. */
export const SET_LANG_FIELD = 'setLang';

/**
 * Whether the learner chooses the page's language: the activity's language is 'auto' and the LMS
 * sent no locale. A locale sent by the LMS, or a language set by the instructor, is not overridden.
 */
export function canChooseLanguage(launch: Pick<Launch, 'settings' | 'identity'>): boolean {
  return launch.settings.language === 'auto' && !launch.identity.locale;
}

function asLang(value: unknown): Lang | undefined {
  return value === 'cs' || value === 'en' ? value : undefined;
}

/** The language a request chose: the switch's button, else the field its page carries; undefined if none. */
export function requestedLang(req: Pick<Request, 'body' | 'query'>): Lang | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return asLang(body[SET_LANG_FIELD]) ?? asLang(body[LANG_FIELD]) ?? asLang(req.query[LANG_FIELD]);
}

/** Whether the request was the language switch (it asks for the page again, in the other language). */
export function isLanguageSwitch(req: Pick<Request, 'body'>): boolean {
  return asLang(((req.body ?? {}) as Record<string, unknown>)[SET_LANG_FIELD]) !== undefined;
}

/** Middleware after the session check: a chosen language becomes the launch's, where the learner may choose. */
export function chosenLanguage(req: Request, res: Response, next: NextFunction): void {
  const launch = res.locals.launch;
  const lang = requestedLang(req);
  if (launch && lang && canChooseLanguage(launch)) res.locals.launch = { ...launch, lang };
  next();
}
