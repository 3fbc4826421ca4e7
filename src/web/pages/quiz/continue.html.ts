import type { Lang } from '../../../engine/template.ts';
import { html } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';
import { t } from '../../i18n.ts';

/**
 * The answer to a learner's launch verified without cookies (a usual launch answers with the quiz
 * page itself): a form that posts the new learner session to the quiz (at once, with the page's
 * script), so that a reload posts it again. A redirect would have put the 24-hour token in the URL.
 */
export function renderContinueToQuiz({ lang, title, session }: { lang: Lang; title: string; session: string }): string {
  const body = html`
<h1>${title}</h1>
<form method="post" action="/quiz" data-auto-submit>
<input type="hidden" name="session" value="${session}">
<input type="hidden" name="action" value="open">
<p>${t('opening', lang)}</p>
<div class="actions"><button type="submit" class="primary">${t('continue', lang)}</button></div>
</form>
<script src="/assets/app/continue.js"></script>`;
  return layout({ lang, title, body });
}
