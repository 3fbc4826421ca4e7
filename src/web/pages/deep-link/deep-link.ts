import { TEMPLATE_IDS, TEMPLATES } from '../../../../templates/index.ts';
import { DEFAULT_SETTINGS } from '../../../activity/activity-settings.ts';
import type { Lang } from '../../../engine/template.ts';
import { renderDeepLinkPage as renderDeepLinkView } from './deep-link.html.ts';

/** The deep-linking form, starting from the default settings; `error` says why the last submit was refused. */
export function renderDeepLinkPage(ltik: string, lang: Lang, error?: string): string {
  return renderDeepLinkView({
    lang,
    ltik,
    problems: TEMPLATE_IDS.map((id) => {
      const parts = TEMPLATES[id].parts;
      return {
        id,
        title: TEMPLATES[id].title[lang],
        steps: parts.filter((p) => p.step).map((p) => p.prompt[lang].replace(/\$[^$]*\$/g, '').trim() || p.key),
        freeText: parts.some((p) => p.type === 'freeText'),
      };
    }),
    defaults: DEFAULT_SETTINGS,
    ...(error ? { error } : {}),
  });
}
