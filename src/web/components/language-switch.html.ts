import type { Lang } from '../../engine/template.ts';
import { html, joinHtml, type HtmlSafeString } from '../../render/html.ts';
import { LANG_FIELD, SET_LANG_FIELD } from '../chosen-language.ts';
import { t } from '../i18n.ts';

const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', cs: 'Čeština' };

/**
 * "Čeština · English" when the LMS sent no locale: the page's language as text, the other a button
 * that sends the page's form `formId` (so nothing typed is lost) with the choice.
 */
export function languageSwitchHtml(lang: Lang, formId: string): HtmlSafeString {
  const items = (['cs', 'en'] as const).map((l) =>
    l === lang
      ? html`<span lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span>`
      : html`<button type="submit" form="${formId}" name="${SET_LANG_FIELD}" value="${l}" lang="${l}" class="link-button">${LANGUAGE_NAMES[l]}</button>`,
  );
  return html`<nav class="lang-switch" aria-label="${t('language', lang)}">${joinHtml(items, ' · ')}</nav>`;
}

/** The chosen language, carried by the page's form so that the next page keeps it. */
export function languageFieldHtml(lang: Lang): HtmlSafeString {
  return html`<input type="hidden" name="${LANG_FIELD}" value="${lang}">`;
}
