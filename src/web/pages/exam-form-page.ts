import { TEMPLATE_IDS, TEMPLATES } from '../../../templates/index.ts';
import { MAX_VARIANTS } from '../../exam/assemble-exam.ts';
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { layout } from './layout.ts';
import { PAPER_LIMITS } from '../../exam/paper-options.ts';
import { paperFields } from './exam-form/paper-fields.html.ts';

export function renderExamFormPage(ltik: string, lang: Lang): string {
  const problems = TEMPLATE_IDS.map(
    (
      id,
    ) => `<div class="option"><input type="checkbox" id="ex-${id}" name="problems" value="${id}" checked><label for="ex-${id}">${escapeHtml(TEMPLATES[id].title[lang])}</label>
<label class="sr-only" for="ex-pts-${id}">Points for ${id}</label><input type="number" id="ex-pts-${id}" name="points:${id}" value="5" min="0.5" step="0.5" style="width:5em"></div>`,
  ).join('');
  const body = `<h1>Print exam variants</h1>
<form method="post" action="/instructor/exam" class="card">
<input type="hidden" name="ltik" value="${escapeHtml(ltik)}">
<div class="part"><label for="seed">Exam seed (the same seed gives the same variants)</label><input type="text" id="seed" name="seed" required maxlength="100" value="exam-${new Date().getUTCFullYear()}"></div>
<div class="part"><label for="variants">Number of variants (A, B, C, …)</label><input type="number" id="variants" name="variants" value="4" min="1" max="${MAX_VARIANTS}"></div>
<fieldset class="part"><legend>Problems and points</legend>${problems}</fieldset>
${paperFields(PAPER_LIMITS)}
<div class="part"><label for="lang">Language</label><select id="lang" name="lang"><option value="en"${lang === 'en' ? ' selected' : ''}>English</option><option value="cs"${lang === 'cs' ? ' selected' : ''}>Čeština</option></select></div>
<div class="actions"><button type="submit" class="primary">Generate and download (zip)</button></div>
<p class="meta">The zip holds a student sheet and a key per variant (print them from the browser), the answer key as HTML, JSON and CSV, a Moodle XML question bank and a QTI 2.1 package. The exam is recorded so it can be reproduced.</p>
<p class="meta">Neighbours cannot copy: no two variants share a problem's result (the Jacobian, dL/dθ, the A2C estimate, the convergence set), and, as far as the problems allow, no other graded answer; the answer key says which answers, if any, repeat.</p>
</form>`;
  return layout({ lang, title: 'Print exam variants', body });
}
