import type { Lang } from '../../../engine/template.ts';
import { html } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';
import { paperFields, type PaperFieldLimits } from './paper-fields.html.ts';

export interface ExamFormModel {
  lang: Lang;
  ltik: string;
  /** The problem families to choose from: id and title in the page's language. */
  problems: Array<{ id: string; title: string }>;
  maxVariants: number;
  /** The seed the form suggests. */
  seed: string;
  /** The limits of the 'On the paper' fields (the server checks the same ones). */
  paperLimits: PaperFieldLimits;
}

/** The form that generates printable exam variants with their keys. */
export function renderExamFormPage(m: ExamFormModel): string {
  const { lang } = m;
  const problems = m.problems.map(
    ({
      id,
      title,
    }) => html`<div class="option"><input type="checkbox" id="ex-${id}" name="problems" value="${id}" checked><label for="ex-${id}">${title}</label>
<label class="sr-only" for="ex-pts-${id}">Points for ${id}</label><input type="number" id="ex-pts-${id}" name="points:${id}" value="5" min="0.5" step="0.5" style="width:5em"></div>`,
  );
  const body = html`<h1>Print exam variants</h1>
<form method="post" action="/instructor/exam" class="card">
<input type="hidden" name="ltik" value="${m.ltik}">
<div class="part"><label for="seed">Exam seed (the same seed gives the same variants)</label><input type="text" id="seed" name="seed" required maxlength="100" value="${m.seed}"></div>
<div class="part"><label for="variants">Number of variants (A, B, C, …)</label><input type="number" id="variants" name="variants" value="4" min="1" max="${m.maxVariants}"></div>
<fieldset class="part"><legend>Problems and points</legend>${problems}</fieldset>
${paperFields(m.paperLimits)}
<div class="part"><label for="lang">Language</label><select id="lang" name="lang"><option value="en"${lang === 'en' && ' selected'}>English</option><option value="cs"${lang === 'cs' && ' selected'}>Čeština</option></select></div>
<div class="actions"><button type="submit" class="primary">Generate and download (zip)</button></div>
<p class="meta">The zip holds a student sheet and a key per variant (print them from the browser), the answer key as HTML, JSON and CSV, a Moodle XML question bank and a QTI 2.1 package. The exam is recorded so it can be reproduced.</p>
<p class="meta">Neighbours cannot copy: no two variants share a problem's result (the Jacobian, dL/dθ, the A2C estimate, the convergence set), and, as far as the problems allow, no other graded answer; the answer key says which answers, if any, repeat.</p>
</form>`;
  return layout({ lang, title: 'Print exam variants', body });
}
