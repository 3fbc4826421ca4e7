import type { Request, Response } from 'express';
import type { Lang } from '../engine/template.ts';

/**
 * The server's refusals in the page's language. Routes and middleware write English (the log keeps
 * it); a learner on a Czech page reads this translation, in the error page and in the quiz
 * script's "not sent" line. Every message a learner
 * can meet on the quiz route has a rule here (server-message-text.test.ts lists them).
 */
type Rule = [RegExp, (m: RegExpExecArray) => string];

const CZECH: Rule[] = [
  [/^No session: open the activity from your course\.$/, () => 'Chybí relace: otevřete aktivitu ze svého kurzu.'],
  [
    /^No LTI session: open the activity from your course\.$/,
    () => 'Chybí relace LTI: otevřete aktivitu ze svého kurzu.',
  ],
  [
    /^This session is not valid\. Open the activity again from your course\.$/,
    () => 'Tato relace není platná. Otevřete aktivitu znovu ze svého kurzu.',
  ],
  [
    /^Your session has expired\. Open the activity again from your course; your saved answers are kept\.$/,
    () => 'Vaše relace vypršela. Otevřete aktivitu znovu ze svého kurzu; uložené odpovědi zůstávají.',
  ],
  [
    /^This session belongs to another login in this browser\. Open the activity again from your course\.$/,
    () => 'Tato relace patří jinému přihlášení v tomto prohlížeči. Otevřete aktivitu znovu ze svého kurzu.',
  ],
  [/^This page is for instructors of the course\.$/, () => 'Tato stránka je určena vyučujícím kurzu.'],
  [
    /^Something went wrong on our side\. Your saved answers are safe; please try again\.$/,
    () => 'Na naší straně se něco pokazilo. Uložené odpovědi jsou v bezpečí; zkuste to prosím znovu.',
  ],
  [
    /^Not saved: the tool cannot store anything right now\. Your answers are still in this page; try again in a moment\.$/,
    () =>
      'Neuloženo: nástroj teď nemůže nic uložit. Vaše odpovědi zůstávají na této stránce; zkuste to za chvíli znovu.',
  ],
  [/^The request is too large\.$/, () => 'Požadavek je příliš velký.'],
  [/^Bad request\.$/, () => 'Chybný požadavek.'],
  [
    /^Too many submissions in a minute; wait a moment and try again\.$/,
    () => 'Příliš mnoho odeslání za minutu; chvíli počkejte a zkuste to znovu.',
  ],
  [/^Too many saves in a minute\.$/, () => 'Příliš mnoho ukládání za minutu.'],
  [/^answer (\d+)\.(\S+): at most (\d+) characters$/, (m) => `odpověď ${m[1]}.${m[2]}: nejvýše ${m[3]} znaků`],
  [/^answer (\d+)\.(\S+): must be text$/, (m) => `odpověď ${m[1]}.${m[2]}: musí být text`],
  [
    /^idempotencyKey: must be 8 to 64 letters, digits, - or _ \(reload the page\)$/,
    () => 'Formulář je neúplný (chybí klíč odeslání): načtěte stránku znovu.',
  ],
  [/^action: must be (.*)$/, (m) => `action: musí být ${m[1]?.replace(/ or /g, ' nebo ')}`],
];

/** A server message in the page's language (English as written; Czech by the rules above, English if none fits). */
export function serverMessageText(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  for (const [pattern, render] of CZECH) {
    const m = pattern.exec(message);
    if (m) return render(m);
  }
  return message;
}

/**
 * The language of a response: the launch's (its locale, the activity's setting or the learner's
 * choice), else what the browser prefers (an expired session has no launch), else English.
 */
export function responseLang(req: Pick<Request, 'acceptsLanguages'>, res: Pick<Response, 'locals'>): Lang {
  const launchLang = res.locals.launch?.lang;
  if (launchLang) return launchLang;
  // Without an Accept-Language header every language is accepted and the first, English, wins.
  return req.acceptsLanguages('en', 'cs') === 'cs' ? 'cs' : 'en';
}
