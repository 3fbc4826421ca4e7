import type { Lang } from '../../../engine/template.ts';
import { html } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';
import { counted } from '../../counted.ts';
import { t } from '../../i18n.ts';
import { languageFieldHtml, languageSwitchHtml } from '../../components/language-switch.html.ts';

export interface StartPageModel {
  lang: Lang;
  title: string;
  /** The learner session token, sent back with the Start form. */
  session: string;
  problems: number;
  points: number;
  /** The time limit with this learner's extra time. */
  minutes: number;
  extraMinutes: number;
  /** The attempt Start begins. */
  attemptNumber: number;
  attemptsAllowed: number | null;
  dueAt?: Date;
  /** The LMS sent no locale: a language switch, and the Start form carries the choice. */
  chooseLanguage: boolean;
}

/**
 * A timed exam's first page: what it is (problems, points, time, attempts) and that the clock
 * starts with the Start button, not when the activity is opened.
 */
export function renderStartPage(m: StartPageModel): string {
  const { lang } = m;
  const attempts =
    m.attemptsAllowed === null
      ? t('unlimited', lang)
      : m.attemptsAllowed === 1
        ? t('oneAttempt', lang)
        : `${t('attemptOf', lang)} ${m.attemptNumber} ${t('of', lang)} ${m.attemptsAllowed}`;
  const facts = `${t('examHas', lang)} ${counted(m.problems, 'problem', lang, true)}, ${counted(m.points, 'point', lang, true)}, ${counted(m.minutes, 'minute', lang, true)}; ${attempts}.`;
  const extra =
    m.extraMinutes > 0 && html`<p class="meta">${t('extraTime', lang)}: +${m.extraMinutes} ${t('minutes', lang)}</p>`;
  const due =
    m.dueAt && html`<p class="meta">${t('due', lang)}: ${m.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>`;
  const body = html`
${m.chooseLanguage && languageSwitchHtml(lang, 'start-form')}
<h1>${m.title}</h1>
<section class="card start" aria-labelledby="start-heading">
<h2 id="start-heading">${facts}</h2>
${extra}
${due}
<p>${t('clockStarts', lang)}</p>
<form method="post" action="/quiz" id="start-form">
<input type="hidden" name="session" value="${m.session}">
${m.chooseLanguage && languageFieldHtml(lang)}
<input type="hidden" name="attemptNumber" value="${m.attemptNumber}">
<div class="actions"><button type="submit" name="action" value="start" class="primary">${t('start', lang)}</button></div>
</form>
</section>`;
  return layout({ lang, title: m.title, body });
}
